package org.opensirelay.returns;

import java.util.ArrayList;
import java.util.List;

import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.website.WebsitesProperties;
import org.springframework.stereotype.Component;

/**
 * At start, the return settings of every configured website name states the relay knows: a typo in
 * {@code relay.websites[N].returns.erp-states.*} stops the start, naming the setting.
 */
@Component
class ReturnSettingsCheck {

    ReturnSettingsCheck(WebsitesProperties websites) {
        List<String> problems = new ArrayList<>();
        List<WebsitesProperties.WebsiteConfig> configs = websites.websites() == null ? List.of() : websites.websites();
        for (int i = 0; i < configs.size(); i++) {
            String at = "relay.websites[" + i + "]";
            configs.get(i).returns().erpStates().forEach((value, state) -> {
                if (ReturnState.parse(state).isEmpty()) {
                    problems.add(at + ".returns.erp-states." + value + " is '" + state + "': use one of " + ReturnState.NAMES);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems, "Correct the website settings above (README, 'Configuration').");
        }
    }
}
