package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import tools.jackson.databind.json.JsonMapper;

/** A website's settings as the admin API takes them: merged onto what is there, refused naming the field, never a secret shown. */
@Tag("unit")
class WebsiteJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aBodyIsMergedOntoTheDefaultsAndWhatItLeavesOutKeepsTheirValues() throws Exception {
        WebsiteConfig created = WebsiteJson.merged(WebsiteRules.DEFAULTS, JSON.readTree("""
                {"code": "W1", "shop": {"url": "https://shop.example/ws", "key": "k-0123456789abcdef"}, "delivery": {"immediate": true}}"""));
        assertThat(created.code()).isEqualTo("W1");
        assertThat(created.delivery().interval()).as("the default interval").isEqualTo(Duration.ofMinutes(10));
        assertThat(created.delivery().immediate()).isTrue();
        assertThat(created.returns().days()).as("the default return window").isEqualTo(14);
        assertThat(created.returns().enabled()).isTrue();
        assertThat(created.shop().passThrough().readTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(created.security()).isEqualTo(SecurityMode.KEY);

        WebsiteConfig patched = WebsiteJson.merged(created, JSON.readTree("""
                {"delivery": {"interval": "PT1M"}, "returns": {"days": null, "slipAddress": ["Returns", "Lyon"]}, "security": "both"}"""));
        assertThat(patched.delivery().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(patched.delivery().immediate()).as("left out: unchanged").isTrue();
        assertThat(patched.returns().days()).as("null: back to the default").isEqualTo(14);
        assertThat(patched.returns().slipAddress()).containsExactly("Returns", "Lyon");
        assertThat(patched.security()).isEqualTo(SecurityMode.BOTH);
        assertThat(patched.shop().url()).isEqualTo("https://shop.example/ws");
    }

    @Test
    void aBodyThatDoesNotFitIsRefusedNamingTheField() {
        assertThatThrownBy(() -> WebsiteJson.merged(
                        WebsiteRules.DEFAULTS, JSON.readTree("{\"delivery\": {\"intervall\": \"PT1M\"}}")))
                .isInstanceOf(WebsiteChangeRefused.class)
                .hasMessageContaining("intervall");
        assertThatThrownBy(() ->
                        WebsiteJson.merged(WebsiteRules.DEFAULTS, JSON.readTree("{\"returns\": {\"days\": \"many\"}}")))
                .isInstanceOf(WebsiteChangeRefused.class)
                .hasMessageContaining("website.returns.days");
        assertThatThrownBy(() -> WebsiteJson.merged(WebsiteRules.DEFAULTS, JSON.readTree("[1, 2]")))
                .isInstanceOf(WebsiteChangeRefused.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void whatIsShownAndStoredHoldsNoSecretAndTheAuditSaysWhatChanged() {
        WebsiteConfig config = new WebsiteConfig(
                "W1",
                "erp-key-0123456789",
                new WebsitesProperties.Shop("https://shop.example/ws", "shop-key-0123456789", null),
                WebsiteRules.DEFAULTS.delivery(),
                SecurityMode.BOTH,
                "erp-user",
                "erp-password",
                "api-token-0123456789",
                WebsiteRules.DEFAULTS.returns());
        String shown = WebsiteJson.tree(config).toString();
        assertThat(shown)
                .contains("https://shop.example/ws", "erp-user")
                .doesNotContain("erp-key-0123456789", "shop-key-0123456789", "erp-password", "api-token-0123456789");
        assertThat(WebsiteJson.write(WebsiteRules.withoutSecrets(config)))
                .doesNotContain("erp-key", "shop-key", "erp-password", "api-token");

        WebsiteConfig slower = new WebsiteConfig(
                "W1",
                null,
                config.shop(),
                new WebsitesProperties.Delivery(Duration.ofHours(1), true),
                config.security(),
                config.username(),
                null,
                null,
                config.returns());
        assertThat(WebsiteAdministration.differences(config, slower))
                .containsExactly("delivery.interval: PT10M → PT1H", "delivery.immediate: false → true");
    }

    @Test
    void aKeyRotationInTheConfigurationNeedsThePreviousKeyAndItsCutOver() {
        WebsiteConfig base = WebsiteRules.DEFAULTS;
        WebsiteConfig withoutCutOver = new WebsiteConfig(
                "W1",
                "new-key-0123456789abcdef",
                base.shop(),
                base.delivery(),
                base.security(),
                null,
                null,
                null,
                base.returns(),
                "old-key-0123456789abcdef",
                null);
        assertThat(WebsiteRules.problems("relay.websites[0]", withoutCutOver))
                .containsExactly(
                        "relay.websites[0].previous-key-until is missing: the instant (2026-12-20T00:00:00Z) after which the previous key is refused");
        WebsiteConfig sameKey = new WebsiteConfig(
                "W1",
                "new-key-0123456789abcdef",
                base.shop(),
                base.delivery(),
                base.security(),
                null,
                null,
                null,
                base.returns(),
                "new-key-0123456789abcdef",
                Instant.parse("2026-12-20T00:00:00Z"));
        assertThat(WebsiteRules.problems("relay.websites[0]", sameKey))
                .singleElement()
                .asString()
                .contains("previous-key is the key itself");
    }

    @Test
    void sealedSecretsOpenOnlyWithTheKeyTheyWereSealedWith() {
        SecretSeal seal =
                new SecretSeal(properties("one-secrets-key-0123456789-abcdefghijk"), DatabaseDialect.POSTGRESQL);
        String sealed = new SealedSecrets("shop-key-0123456789", "pw-01234567").sealWith(seal);
        assertThat(sealed).doesNotContain("shop-key", "pw-0");
        assertThat(SealedSecrets.open(seal, sealed)).isEqualTo(new SealedSecrets("shop-key-0123456789", "pw-01234567"));
        assertThat(new SealedSecrets("same", null).sealWith(seal))
                .as("a new IV each time")
                .isNotEqualTo(new SealedSecrets("same", null).sealWith(seal));

        SecretSeal other =
                new SecretSeal(properties("another-secrets-key-0123456789-abcdefg"), DatabaseDialect.POSTGRESQL);
        assertThatThrownBy(() -> SealedSecrets.open(other, sealed)).hasMessageContaining("relay.secrets-key differs");
        SecretSeal none = new SecretSeal(properties(null), DatabaseDialect.POSTGRESQL);
        assertThat(none.unavailable())
                .hasValueSatisfying(why -> assertThat(why).contains("relay.secrets-key", "PostgreSQL"));
        SecretSeal tooShort = new SecretSeal(properties("short"), DatabaseDialect.POSTGRESQL);
        assertThat(tooShort.unavailable())
                .hasValueSatisfying(why -> assertThat(why).contains("at least 32"));
    }

    private static WebsitesProperties properties(String secretsKey) {
        return new WebsitesProperties(Path.of("target/none"), List.of(), secretsKey, Duration.ofSeconds(2));
    }
}
