package org.opensirelay.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param token the bearer token of the admin API ({@code Authorization: Bearer <token>}); while it is
 *              unset the API refuses every call
 */
@ConfigurationProperties(prefix = "relay.admin")
public record AdminProperties(String token) {

    @Override
    public String toString() {
        return "AdminProperties[token=" + (token == null ? "unset" : "<hidden>") + "]";
    }
}
