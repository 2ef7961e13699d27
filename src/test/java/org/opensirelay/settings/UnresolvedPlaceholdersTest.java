package org.opensirelay.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

/**
 * A setting whose value still holds a {@code ${…}} nothing resolves stops the start: Spring Boot would
 * bind the text itself ({@code ${RELAY_ADMIN_TOKEN}} as the admin token).
 */
@Tag("unit")
class UnresolvedPlaceholdersTest {

    private static MockEnvironment environment() {
        return new MockEnvironment().withProperty("server.port", "0");
    }

    @Test
    void aRelaySettingOrTheDatabasesWithAnUnsetPlaceholderIsNamedWithTheVariable() {
        MockEnvironment environment = environment()
                .withProperty("relay.admin.token", "${RELAY_ADMIN_TOKEN}")
                .withProperty("relay.websites[0].code", "SHOP1")
                .withProperty("relay.websites[0].key", "prefix-${SHOP1_ERP_KEY}-and-a-secret-part")
                .withProperty("spring.datasource.password", "${RELAY_DB_PASSWORD}");

        assertThatThrownBy(() -> SettingsCheck.check(environment))
                .isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems())
                        .containsExactlyInAnyOrder(
                                "relay.admin.token (from \"relay.admin.token\" from property source \"mockProperties\")"
                                        + " holds the placeholder ${RELAY_ADMIN_TOKEN}, and nothing sets RELAY_ADMIN_TOKEN:"
                                        + " the relay would take the text itself as the value",
                                "relay.websites[0].key (from \"relay.websites[0].key\" from property source"
                                        + " \"mockProperties\") holds the placeholder ${SHOP1_ERP_KEY}, and nothing sets"
                                        + " SHOP1_ERP_KEY: the relay would take the text itself as the value",
                                "spring.datasource.password (from \"spring.datasource.password\" from property source"
                                        + " \"mockProperties\") holds the placeholder ${RELAY_DB_PASSWORD}, and nothing"
                                        + " sets RELAY_DB_PASSWORD: the relay would take the text itself as the value"))
                .satisfies(e -> assertThat(((InvalidSettingsException) e).action())
                        .contains("Set what each placeholder above names"))
                // The value is never shown, only the placeholder's name.
                .hasMessageNotContaining("a-secret-part");
    }

    @Test
    void aPlaceholderThatResolvesHasADefaultOrIsNotUsedIsFine() {
        MockEnvironment environment = environment()
                .withProperty("relay.admin.token", "${RELAY_ADMIN_TOKEN}")
                .withProperty("RELAY_ADMIN_TOKEN", "set-in-the-environment")
                .withProperty("relay.public-url", "${PUBLIC_URL:http://localhost:8080}")
                .withProperty("spring.datasource.url", "jdbc:h2:mem:${relay.data-dir:x}")
                // not a setting the relay or its database reads
                .withProperty("logging.pattern.console", "${UNSET_THING}");
        // A value given first (the command line, say) hides a placeholder further down: that one is never used.
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "commandLineArgs", Map.of("relay.secrets-key", "a-key-of-32-characters-at-least-0")));
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("application.yml", Map.of("relay.secrets-key", "${RELAY_SECRETS_KEY}")));

        SettingsCheck.check(environment);
    }
}
