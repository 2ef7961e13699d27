package org.opensirelay.access;

import java.util.List;

import org.opensirelay.settings.InvalidSettingsException;
import org.opensirelay.website.DemoMode;
import org.opensirelay.website.WebsitesProperties;
import org.springframework.stereotype.Component;

/**
 * The operators' token (console, admin API, metrics, every website's /api/v1): relay.admin.token,
 * or in a demo without one, the random token kept in data/demo-admin.token. Never logged.
 */
@Component
public class AdminToken {

    /** As for website keys and API tokens: a short token falls to guessing, throttle or not. */
    static final int MIN_LENGTH = 16;

    private final String token;

    AdminToken(AdminProperties properties, WebsitesProperties websites) {
        if (properties.token() != null && !properties.token().isBlank() && properties.token().strip().length() < MIN_LENGTH) {
            throw new InvalidSettingsException(List.of("relay.admin.token has " + properties.token().strip().length()
                    + " characters; it must have at least " + MIN_LENGTH), "Use a random token, for example: openssl rand -hex 24");
        }
        this.token = properties.token() != null && !properties.token().isBlank() ? properties.token()
                : DemoMode.demoAdminToken(websites).orElse(null);
    }

    /** The token, or null when none is set (then nothing that needs it opens). */
    public String value() {
        return token;
    }

    @Override
    public String toString() {
        return "AdminToken[" + (token == null ? "unset" : "<hidden>") + "]";
    }
}
