package org.opensirelay.returns;

import java.util.ArrayList;
import java.util.List;

import org.opensirelay.returns.domain.ReturnPolicies;
import org.opensirelay.returns.domain.ReturnReasons;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.website.ConfiguredWebsites;
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
    /** Up to this many websites without a slip address are warned about one by one; more, in one line. */
    private static final int WARNINGS_ONE_BY_ONE = 10;

    ReturnSettingsCheck(ConfiguredWebsites websites) {
        List<String> problems = new ArrayList<>();
        List<WebsitesProperties.WebsiteConfig> configs = websites.all();
        for (int i = 0; i < configs.size(); i++) {
            problems.addAll(problems(websites.at(i), configs.get(i)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems, "Correct the website settings above (docs/configuration.md).");
        }
        List<Integer> slipsOff = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            WebsitesProperties.Returns returns = configs.get(i).returns();
            if (returns.generateSlip() && returns.slipAddress().isEmpty()) {
                slipsOff.add(i);
            }
        }
        if (slipsOff.size() <= WARNINGS_ONE_BY_ONE) {
            slipsOff.forEach(
                    i -> log.warn(slipsOffWarning(websites.at(i), configs.get(i).code())));
        } else {
            // A warning per website would bury the log of a relay with thousands of them.
            log.warn(slipsOffSummary(
                    slipsOff.size(),
                    slipsOff.stream()
                            .limit(WARNINGS_ONE_BY_ONE)
                            .map(i -> configs.get(i).code())
                            .toList()));
        }
    }

    static String slipsOffSummary(int count, List<String> firstCodes) {
        return count + " websites issue no return slips (" + String.join(", ", firstCodes) + " and "
                + (count - firstCodes.size())
                + " more): their returns.slip-address is not set, and a slip must tell the customer where to send the"
                + " parcel. Set each one's address (one line per entry), or returns.generate-slip=false where the ERP"
                + " sends every slip";
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

    static String slipsOffWarning(String at, String code) {
        return "Website '" + code + "' issues no return slips: " + at
                + ".returns.slip-address is not set, and a slip"
                + " must tell the customer where to send the parcel. Set the address (one line per entry), or set"
                + " " + at + ".returns.generate-slip=false if the ERP sends every slip";
    }
}
