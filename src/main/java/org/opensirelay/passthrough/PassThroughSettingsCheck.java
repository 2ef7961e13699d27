package org.opensirelay.passthrough;

import java.util.ArrayList;
import java.util.List;

import org.opensirelay.opensi.OpensiContract;
import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.soap.SoapEndpoint;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.opensirelay.website.WebsiteSettingsRule;
import org.opensirelay.website.WebsitesProperties;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At start, every website's allow and deny lists name operations that pass through: a misspelt name
 * would otherwise let everything through, or nothing, without a word.
 */
@Component
class PassThroughSettingsCheck implements InitializingBean, WebsiteSettingsRule {

    private final WebsiteRegistry websites;
    private final PassThroughProperties properties;

    PassThroughSettingsCheck(WebsiteRegistry websites, PassThroughProperties properties) {
        this.websites = websites;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        List<String> problems = new ArrayList<>();
        if (properties.maxConcurrent() < 1) {
            problems.add("relay.pass-through.max-concurrent must be at least 1, not " + properties.maxConcurrent());
        }
        if (properties.maxConcurrentPerWebsite() < 1) {
            problems.add("relay.pass-through.max-concurrent-per-website must be at least 1, not "
                    + properties.maxConcurrentPerWebsite());
        }
        if (properties.deadline() == null || properties.deadline().toMillis() < 1) {
            problems.add("relay.pass-through.deadline must be a positive duration (e.g. PT5M), not "
                    + properties.deadline());
        }
        if (properties.maxAnswerBytes() < 1) {
            problems.add("relay.pass-through.max-answer-bytes must be at least 1, not " + properties.maxAnswerBytes());
        }
        for (Website website : websites.activeWebsites()) {
            problems.addAll(problems("website '" + website.code() + "':", website.passThrough()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems, "Correct the pass-through settings named above");
        }
    }

    @Override
    public List<String> problems(String at, WebsitesProperties.WebsiteConfig config) {
        return problems(at + ".", config.shop().passThrough());
    }

    private static List<String> problems(String prefix, WebsitesProperties.PassThrough settings) {
        List<String> problems = new ArrayList<>();
        String at = prefix + (prefix.endsWith(":") ? " " : "") + "shop.pass-through.";
        check(settings.allow(), at + "allow", problems);
        check(settings.deny(), at + "deny", problems);
        if (!settings.allow().isEmpty() && !settings.deny().isEmpty()) {
            problems.add(at + "allow and " + at + "deny are both set: set one of them");
        }
        if (settings.connectTimeout().isNegative() || settings.connectTimeout().isZero()) {
            problems.add(at + "connect-timeout must be positive, not " + settings.connectTimeout());
        }
        if (settings.readTimeout().isNegative() || settings.readTimeout().isZero()) {
            problems.add(at + "read-timeout must be positive, not " + settings.readTimeout());
        }
        return problems;
    }

    private static void check(List<String> operations, String setting, List<String> problems) {
        for (String operation : operations) {
            if (SoapEndpoint.answeredOperations().contains(operation)) {
                problems.add(setting + " names " + operation
                        + ", which the relay answers itself: it is never passed through");
            } else if (!OpensiContract.OPERATIONS.contains(operation)) {
                problems.add(setting + " names '" + operation
                        + "', which is no operation of the OpenSi contract (those passed through: "
                        + String.join(
                                ", ",
                                OpensiContract.OPERATIONS.stream()
                                        .filter(o -> !SoapEndpoint.answeredOperations()
                                                .contains(o))
                                        .toList())
                        + ")");
            }
        }
    }
}
