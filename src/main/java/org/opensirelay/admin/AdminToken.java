package org.opensirelay.admin;

import org.opensirelay.website.DemoMode;
import org.opensirelay.website.WebsitesProperties;
import org.springframework.stereotype.Component;

/**
 * The operators' token (console, admin API, metrics, every website's /api/v1): relay.admin.token,
 * or in a demo without one, the random token kept in data/demo-admin.token. Never logged.
 */
@Component
public class AdminToken {

    private final String token;

    AdminToken(AdminProperties properties, WebsitesProperties websites) {
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
