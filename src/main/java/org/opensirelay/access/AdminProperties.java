package org.opensirelay.access;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * @param token  the bearer token of the admin API ({@code Authorization: Bearer <token>}), known by the
 *               name {@code admin}; while no token is set the API refuses every call
 * @param tokens more operators' tokens by name ({@code relay.admin.tokens.alice=...}): the audit of
 *               website changes names who made each one by the token's name
 */
@ConfigurationProperties(prefix = "relay.admin")
record AdminProperties(String token, Map<String, String> tokens) {

    @ConstructorBinding
    public AdminProperties {
        tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
    }

    public AdminProperties(String token) {
        this(token, Map.of());
    }

    @Override
    public String toString() {
        return "AdminProperties[token=" + (token == null ? "unset" : "<hidden>") + ", tokens=" + tokens.keySet() + "]";
    }
}
