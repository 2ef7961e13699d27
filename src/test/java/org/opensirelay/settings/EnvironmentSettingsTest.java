package org.opensirelay.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment's relay variables read into the settings' own names, as Spring Boot then binds them. */
@Tag("unit")
class EnvironmentSettingsTest {

    private static EnvironmentSettings.Source read(Map<String, String> variables) {
        return EnvironmentSettings.read(new TreeMap<>(variables), EnvironmentVariableNames.known());
    }

    /** An environment whose system environment holds {@code variables}, as the relay's start prepares it. */
    private static StandardEnvironment environment(Map<String, String> variables, String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment
                .getPropertySources()
                .addLast(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(variables)));
        // No port to probe.
        environment.getPropertySources().addLast(new MapPropertySource("test", Map.of("server.port", "0")));
        if (args.length > 0) {
            environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        }
        new EnvironmentSettings().postProcessEnvironment(environment, null);
        return environment;
    }

    @Test
    void theRelaysVariablesAreReadByTheirSettingsNamesAndNothingElseIs() {
        EnvironmentSettings.Source source = read(Map.of(
                "RELAY_DATA_DIR", "/data",
                "RELAY_SECRETSKEY", "spring-form",
                "RELAY_ADMIN_TOKENS_ALICE", "alice-token",
                "SERVER_PORT", "9090",
                "SHOP1_ERP_KEY", "a placeholder's value"));

        assertThat(source.getSource())
                .containsOnly(
                        Map.entry("relay.data-dir", "/data"),
                        Map.entry("relay.secrets-key", "spring-form"),
                        Map.entry("relay.admin.tokens.alice", "alice-token"));
        assertThat(source.problems()).isEmpty();
        assertThat(source.getOrigin("relay.data-dir")).hasToString("environment variable RELAY_DATA_DIR");
    }

    @Test
    void aListOfWebsitesWrittenInBothFormsIsOneList() {
        StandardEnvironment environment = environment(Map.of(
                "RELAY_WEBSITES_0_CODE", "SHOP1",
                "RELAY_WEBSITES_0_API_TOKEN", "shop1-api-token",
                "RELAY_WEBSITES_1_CODE", "SHOP2",
                "RELAY_WEBSITES_1_SHOP_PASS_THROUGH_READ_TIMEOUT", "PT3S"));

        List<Map<String, Object>> websites =
                Binder.get(environment).bind("relay.websites", Bindable.listOf(Map.class)).get().stream()
                        .map(m -> (Map<String, Object>) m)
                        .toList();

        assertThat(websites).hasSize(2);
        assertThat(websites.get(0)).containsEntry("code", "SHOP1").containsEntry("api-token", "shop1-api-token");
        assertThat(websites.get(1)).containsEntry("code", "SHOP2").containsKey("shop");
        assertThat(environment.getProperty("relay.websites[1].shop.pass-through.read-timeout"))
                .isEqualTo("PT3S");
    }

    @Test
    void commandLineArgumentsStillWinOverTheEnvironment() {
        StandardEnvironment environment = environment(
                Map.of("RELAY_DATA_DIR", "/from-the-environment"), "--relay.data-dir=/from-the-command-line");

        assertThat(environment.getProperty("relay.data-dir")).isEqualTo("/from-the-command-line");
        assertThat(environment(Map.of("RELAY_DATA_DIR", "/from-the-environment"))
                        .getProperty("relay.data-dir"))
                .isEqualTo("/from-the-environment");
    }

    @Test
    void aSecretFromAFileIsItsContentWithoutTheNewlineTakenAsWritten(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("admin"), "a-token-${NOT_A_PLACEHOLDER}\r\n");

        StandardEnvironment environment = environment(Map.of("RELAY_ADMIN_TOKEN_FILE", file.toString()));

        // Bound as written: a secret is data, not a placeholder to resolve.
        assertThat(Binder.get(environment)
                        .bind("relay.admin.token", String.class)
                        .get())
                .isEqualTo("a-token-${NOT_A_PLACEHOLDER}");
        // A placeholder that reads the variable reads the file (the postgres profile's ${RELAY_DB_PASSWORD:}).
        assertThat(environment.resolvePlaceholders("${RELAY_ADMIN_TOKEN:}")).isEqualTo("a-token-${NOT_A_PLACEHOLDER}");
        EnvironmentSettings.Source source = EnvironmentSettings.sourceOf(environment);
        assertThat(source.getOrigin("relay.admin.token")).hasToString("file " + file + " of RELAY_ADMIN_TOKEN_FILE");
        // And no check reads it as one.
        SettingsCheck.check(environment);
    }

    @Test
    void aVariableAndItsFileFormBothSetOrAFileThatCannotBeReadAreProblemsThatShowNoSecret(@TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("admin"), "the-secret-in-the-file\n");
        Path large = Files.write(dir.resolve("large"), new byte[EnvironmentSettings.MAX_FILE_BYTES + 1]);

        EnvironmentSettings.Source source = read(Map.of(
                "RELAY_ADMIN_TOKEN", "the-secret-in-the-variable",
                "RELAY_ADMIN_TOKEN_FILE", file.toString(),
                "RELAY_DATADIR", "/a",
                "RELAY_DATA_DIR", "/b",
                "RELAY_SECRETS_KEY_FILE", dir.resolve("missing").toString(),
                "RELAY_WEBHOOKS_SIGNING_KEY_FILE", dir.toString(),
                "RELAY_PUBLIC_URL_FILE", large.toString()));

        assertThat(source.problems())
                .containsExactlyInAnyOrder(
                        "RELAY_ADMIN_TOKEN and RELAY_ADMIN_TOKEN_FILE both set relay.admin.token: keep one",
                        "RELAY_DATADIR and RELAY_DATA_DIR both set relay.data-dir: keep one",
                        "RELAY_SECRETS_KEY_FILE names the file " + dir.resolve("missing")
                                + ", which cannot be read for relay.secrets-key: NoSuchFileException ("
                                + dir.resolve("missing") + ")",
                        "RELAY_WEBHOOKS_SIGNING_KEY_FILE names the file " + dir
                                + ", which cannot be read for relay.webhooks.signing-key: IOException (Is a directory)",
                        "RELAY_PUBLIC_URL_FILE names the file " + large
                                + ", which cannot be read for relay.public-url: IOException (larger than 65536 bytes: not a"
                                + " secret file)");
        assertThat(String.join("\n", source.problems())).doesNotContain("the-secret-in-the");
    }

    @Test
    void typosAndAmbiguitiesStopTheStartInTheSettingsParagraph() {
        StandardEnvironment environment =
                environment(Map.of("RELAY_WEBSITES_0_CODE", "SHOP1", "RELAY_ADMIN_TOKN", "secret-value-0123456789"));

        assertThatThrownBy(() -> SettingsCheck.check(environment))
                .isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems())
                        .containsExactly("Unknown environment variable RELAY_ADMIN_TOKN: did you mean RELAY_ADMIN_TOKEN"
                                + " (relay.admin.token)?"))
                .satisfies(e -> assertThat(((InvalidSettingsException) e).action())
                        .contains("every setting is listed in docs/configuration.md with its environment variable"))
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void theSettingsCheckJudgesTheEnvironmentByTheVariablesNotBySpringsReadingOfThem() {
        // Spring Boot reads RELAY_DATA_DIR as relay.data.dir, which the relay does not know; the variable is fine.
        SettingsCheck.check(environment(Map.of("RELAY_DATA_DIR", "/data", "RELAY_PUBLIC_URL", "https://x")));
    }
}
