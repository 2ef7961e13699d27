package org.opensirelay.returns;

import java.util.ArrayList;
import java.util.List;

import org.opensirelay.returns.domain.ReturnPolicies;
import org.opensirelay.returns.domain.ReturnReasons;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.website.WebsiteSettingsRule;
import org.opensirelay.website.WebsitesProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * At start, the return settings of every configured website name states the relay knows: a typo in
 * {@code relay.websites[N].returns.erp-states.*} stops the start, naming the setting. A website that
 * wants slips and has no return address gets none, and the log says so.
 */
@Component
class ReturnSettingsCheck implements WebsiteSettingsRule {

    private static final Logger log = LoggerFactory.getLogger(ReturnSettingsCheck.class);

    ReturnSettingsCheck(WebsitesProperties websites) {
        List<String> problems = new ArrayList<>();
        List<WebsitesProperties.WebsiteConfig> configs = websites.websites() == null ? List.of() : websites.websites();
        for (int i = 0; i < configs.size(); i++) {
            problems.addAll(problems("relay.websites[" + i + "]", configs.get(i)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems, "Correct the website settings above (docs/configuration.md).");
        }
        for (int i = 0; i < configs.size(); i++) {
            WebsitesProperties.Returns returns = configs.get(i).returns();
            if (returns.generateSlip() && returns.slipAddress().isEmpty()) {
                log.warn(slipsOffWarning(i, configs.get(i).code()));
            }
        }
    }

    /** The problems of one website's return settings, each naming the setting under {@code at}. */
    @Override
    public List<String> problems(String at, WebsitesProperties.WebsiteConfig config) {
        List<String> problems = new ArrayList<>();
        WebsitesProperties.Returns returns = config.returns();
        returns.erpStates().forEach((value, state) -> {
            if (ReturnState.parse(state).isEmpty()) {
                problems.add(
                        at + ".returns.erp-states." + value + " is '" + state + "': use one of " + ReturnState.NAMES);
            }
        });
        problems.addAll(ReturnPolicies.problems(at + ".returns.policy", returns.policy()));
        returns.reasons().forEach((words, code) -> {
            if (!ReturnReasons.CODES.contains(code)) {
                problems.add(
                        at + ".returns.reasons." + words + " is '" + code + "': use one of " + ReturnReasons.CODES);
            }
        });
        String creditNotes = returns.creditNotes();
        if (!WebsitesProperties.Returns.CREDIT_NOTES_BY_RELAY.equals(creditNotes)
                && !WebsitesProperties.Returns.CREDIT_NOTES_BY_SHOP.equals(creditNotes)) {
            problems.add(at + ".returns.credit-notes is '" + creditNotes
                    + "': relay (the relay answers getOrderCreditNotes from the"
                    + " refunds it recorded) or shop (the call goes to the shop's connector)");
        }
        return problems;
    }

    static String slipsOffWarning(int index, String code) {
        return "Website '" + code + "' issues no return slips: relay.websites[" + index
                + "].returns.slip-address is not set, and a slip"
                + " must tell the customer where to send the parcel. Set the address (one line per entry), or set"
                + " relay.websites[" + index + "].returns.generate-slip=false if the ERP sends every slip";
    }
}
