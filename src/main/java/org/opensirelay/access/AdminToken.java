package org.opensirelay.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.website.DemoMode;
import org.opensirelay.website.KeyHash;
import org.opensirelay.website.WebsitesProperties;
import org.springframework.stereotype.Component;

/**
 * The operators' tokens (console, admin API, metrics, every website's /api/v1): relay.admin.token
 * (named {@code admin}) and relay.admin.tokens.&lt;name&gt;, or in a demo without any, the random token
 * kept in data/demo-admin.token. Only their SHA-256 is held; never logged.
 */
@Component
public class AdminToken {

    /** As for website keys and API tokens: a short token falls to guessing, throttle or not. */
    static final int MIN_LENGTH = 16;
    /** The name of {@code relay.admin.token} (and of the demo's token) in the audit. */
    public static final String DEFAULT_NAME = "admin";

    /** The request attribute naming the operator whose token opened an admin call (for the audit). */
    public static final String OPERATOR = "org.opensirelay.operator";

    /** Name to SHA-256. */
    private final Map<String, byte[]> hashes = new LinkedHashMap<>();

    AdminToken(AdminProperties properties, WebsitesProperties websites) {
        List<String> problems = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        if (properties.token() != null && !properties.token().isBlank()) {
            named.put(DEFAULT_NAME, properties.token());
        }
        properties.tokens().forEach((name, token) -> {
            if (named.containsKey(name)) {
                problems.add("relay.admin.tokens." + name + ": the name '" + DEFAULT_NAME
                        + "' is relay.admin.token's; choose another");
            } else if (token != null && !token.isBlank()) {
                named.put(name, token);
            }
        });
        Set<String> seen = new HashSet<>();
        named.forEach((name, token) -> {
            String setting = DEFAULT_NAME.equals(name) ? "relay.admin.token" : "relay.admin.tokens." + name;
            if (token.strip().length() < MIN_LENGTH) {
                problems.add(setting + " has " + token.strip().length() + " characters; it must have at least "
                        + MIN_LENGTH);
            } else if (!seen.add(token.strip())) {
                problems.add(setting + " is the token of another name: each operator needs a token of their own");
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems, "Use a random token, for example: openssl rand -hex 24");
        }
        if (named.isEmpty()) {
            DemoMode.demoAdminToken(websites, false).ifPresent(token -> named.put(DEFAULT_NAME, token));
        }
        named.forEach((name, token) -> hashes.put(name, KeyHash.of(token)));
    }

    /** Whether any token is set (else nothing that needs one opens). */
    public boolean isSet() {
        return !hashes.isEmpty();
    }

    /** The name of the token {@code presented} is, if it is one (every token compared, in constant time each). */
    public Optional<String> nameOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] hash = KeyHash.of(presented);
        String found = null;
        for (Map.Entry<String, byte[]> entry : hashes.entrySet()) {
            if (KeyHash.matches(entry.getValue(), hash) && found == null) {
                found = entry.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return "AdminToken[" + (hashes.isEmpty() ? "unset" : "names=" + hashes.keySet()) + "]";
    }
}
