package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.website.WebsiteRegistry.Row;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;

/** The rules of what an operator gives: website codes, shop URLs, a rotation's overlap, and what the start says of stored websites. */
@Tag("unit")
class OperatorInputRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aCodeIsAShortIdentifier() {
        assertThat(List.of("SHOP1", "shop-fr_2.0", "A", "a".repeat(64), "..x", "x..", ".hidden"))
                .allMatch(WebsiteCode::isValid);
        assertThat(List.of(
                        "",
                        ".",
                        "..",
                        "a".repeat(65),
                        "A/B",
                        "A\\B",
                        "A B",
                        " A",
                        "A\u0000",
                        "A\nB",
                        "A\u001b[0m",
                        "A\u202EB",
                        "É",
                        "~12",
                        "A:B",
                        "A%2FB"))
                .noneMatch(WebsiteCode::isValid);
        assertThat(WebsiteCode.isValid(null)).isFalse();
        assertThat(WebsiteCode.problem("relay.websites[2].code", "A\nB"))
                .hasValue("relay.websites[2].code 'A\\u000AB' must be 1 to 64 characters among A-Z, a-z, 0-9, '.',"
                        + " '_' and '-', and not '.' or '..'");
        assertThat(WebsiteCode.problem("website.code", null))
                .hasValueSatisfying(p -> assertThat(p).startsWith("website.code is missing"));
        assertThat(WebsiteCode.problem("website.code", "SHOP1")).isEmpty();
    }

    @Test
    void printableFormShowsEveryCharacterThatIsNotPlainAscii() {
        assertThat(WebsiteCode.printable("OK-1")).isEqualTo("OK-1");
        assertThat(WebsiteCode.printable("a\nb\u0000c\u202Ed\\e")).isEqualTo("a\\u000Ab\\u0000c\\u202Ed\\u005Ce");
        assertThat(WebsiteCode.printable("x".repeat(150)))
                .startsWith("x".repeat(100))
                .endsWith("...(150 characters)");
    }

    @Test
    void aShopUrlIsAPlainHttpAddressTakenAsWritten() {
        assertThat(List.of(
                        "http://shop.example/modules/opensi/ws",
                        "https://shop.example:8443/ws?a=b&c=%7Bd%7D",
                        "HTTP://SHOP.EXAMPLE/ws",
                        "http://127.0.0.1:41811/x",
                        "http://[::1]:8080/ws"))
                .allSatisfy(url -> {
                    assertThat(HttpUrl.why(url)).as(url).isEmpty();
                    assertThat(HttpUrl.parse(url)).hasValue(URI.create(url));
                });
        assertThat(HttpUrl.why("http://127.0.0.1:41811/x?k=${relay.websites[0].key}&a=${relay.admin.token}"))
                .hasValueSatisfying(why -> assertThat(why).contains("placeholder"));
        assertThat(HttpUrl.why("file:///etc/hostname?${a:}"))
                .hasValueSatisfying(why -> assertThat(why).contains("placeholder"));
        assertThat(HttpUrl.why("file:///etc/hostname")).hasValue("it is a file: URL");
        assertThat(HttpUrl.why("javascript:alert(1)")).hasValue("it is a javascript: URL");
        assertThat(HttpUrl.why("shop.example/ws")).hasValue("it does not start with http:// or https://");
        assertThat(HttpUrl.why("http:///ws"))
                .hasValueSatisfying(why -> assertThat(why).contains("no host"));
        assertThat(HttpUrl.why("http://shop_name/ws"))
                .hasValueSatisfying(why -> assertThat(why).contains("no host"));
        assertThat(HttpUrl.why("http://user:secret@shop.example/ws"))
                .hasValueSatisfying(
                        why -> assertThat(why).contains("user or password").doesNotContain("secret"));
        assertThat(HttpUrl.why("http://shop.example:99999/ws"))
                .hasValueSatisfying(why -> assertThat(why).contains("99999"));
        assertThat(HttpUrl.why("http://shop.example/\u202Egnp.exe"))
                .hasValueSatisfying(why -> assertThat(why).contains("\\u202E"));
        assertThat(HttpUrl.why("http://shop.example/ws\nX-Injected: 1")).isPresent();
        assertThat(HttpUrl.why("http://shop.example/a b")).isPresent();
        assertThat(HttpUrl.why("http://shop.example/" + "a".repeat(2000)))
                .hasValueSatisfying(why -> assertThat(why).contains("2020 characters"));
        assertThat(HttpUrl.why(null)).isPresent();
        assertThat(HttpUrl.problem("website.shop.url", "ftp://shop.example/ws"))
                .hasValue("website.shop.url must be an absolute http:// or https:// URL with a host, written out in"
                        + " full (no ${...} placeholder, no user or password, other than ASCII characters"
                        + " percent-encoded, at most 2000 characters): it is a ftp: URL");
    }

    @Test
    void aShopConnectorHoldsOnlyACallableAddress() {
        assertThat(new ShopConnector(URI.create("https://shop.example/ws"), "k", "W")
                        .url()
                        .getHost())
                .isEqualTo("shop.example");
        for (String url : List.of("file:///etc/hostname", "http:///x", "http://u:p@shop.example/", "/relative")) {
            assertThatThrownBy(() -> new ShopConnector(URI.create(url), "k", "W"))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void settingsWithABadUrlOrCodeAreRefusedNamingTheSetting() {
        WebsiteConfig config = new WebsiteConfig(
                "A/B",
                "5f4dcc3b5aa765d61d8327deb882cf99",
                new WebsitesProperties.Shop("http://shop.example/${relay.admin.token}", "shop-key", "WEB\u0007FR"),
                new WebsitesProperties.Delivery(Duration.ofMinutes(10), false));
        assertThat(WebsiteRules.problems("relay.websites[0]", config))
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("relay.websites[0].code 'A/B' must be"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("relay.websites[0].shop.url must be")
                        .contains("placeholder"))
                .anySatisfy(p -> assertThat(p).startsWith("relay.websites[0].shop.website-code 'WEB\\u0007FR'"));
        // Whatever a row holds, a URL that breaks the rule makes no connector: nothing is resolved, nothing called.
        assertThat(WebsiteRules.deliverySettings(config).shopConnector()).isEmpty();
    }

    @Test
    void anOverlapIsZeroToNinetyDaysAndNoTextOverflowsIt() throws Exception {
        assertThat(RotationOverlap.until(null, "previousValidUntil", "P90D", "previousValidFor", NOW))
                .isEqualTo(NOW.plus(Duration.ofDays(90)));
        assertThat(RotationOverlap.until(null, "previousValidUntil", "PT0S", "previousValidFor", NOW))
                .isEqualTo(NOW);
        assertThat(RotationOverlap.until(null, "previousValidUntil", null, "previousValidFor", NOW))
                .isNull();
        assertThat(RotationOverlap.until("2026-12-01T00:00:00Z", "previousValidUntil", null, "previousValidFor", NOW))
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        for (String overlap : List.of("P36500D", "PT9223372036854775807S", "P91D", "-PT1S", "soon", "")) {
            assertThatThrownBy(() -> RotationOverlap.until(null, null, overlap, "overlap", NOW))
                    .as(overlap)
                    .isInstanceOfSatisfying(WebsiteChangeRefused.class, refused -> {
                        assertThat(refused.status()).isEqualTo(400);
                        assertThat(refused.code()).isEqualTo("INVALID_ROTATION");
                        assertThat(refused.getMessage())
                                .startsWith("overlap must be an ISO-8601 duration from PT0S")
                                .contains("90 days");
                    });
        }
        assertThatThrownBy(() -> RotationOverlap.until(
                        "+1000000000-12-31T23:59:59Z", "previousValidUntil", null, "previousValidFor", NOW))
                .hasMessageStartingWith("previousValidUntil may be 90 days from now at most");
        assertThatThrownBy(() -> RotationOverlap.until("tomorrow", "previousValidUntil", null, "previousValidFor", NOW))
                .hasMessageStartingWith("previousValidUntil must be an ISO-8601 instant");
        assertThatThrownBy(() -> RotationOverlap.until(
                        "2026-12-01T00:00:00Z", "previousValidUntil", "P1D", "previousValidFor", NOW))
                .hasMessage("send previousValidUntil or previousValidFor, not both");
    }

    @Test
    void theStartNamesStoredWebsitesThatBreakTheRulesInPrintableForm() {
        String shared = KeyHash.hex(KeyHash.of("shared-key-0123456789"));
        List<Row> rows = List.of(
                row(1, "GOOD", KeyHash.hex(KeyHash.of("good-key-0123456789")), "api", "https://shop.example/ws"),
                row(2, "BAD\nLINE", KeyHash.hex(KeyHash.of("bad-key-0123456789")), "api", null),
                row(
                        3,
                        "PLACEHOLDER",
                        KeyHash.hex(KeyHash.of("p-key-0123456789")),
                        "api",
                        "http://x/${relay.admin.token}"),
                row(4, "DUP1", shared, "api", null),
                row(5, "DUP2", shared, "api", null),
                row(6, "CONF", shared, "config", null),
                // A configured website no configuration names any more holds nothing.
                row(7, "RETIRED", shared, "config", null));
        List<String> warnings = StoredWebsites.warnings(rows, Set.of("CONF"), NOW);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0))
                .startsWith("website 'BAD\\u000ALINE' (id 2): its code breaks the rule")
                .doesNotContain("\n");
        assertThat(warnings.get(1))
                .startsWith("website 'PLACEHOLDER': its stored shop.url breaks the rule (it holds a placeholder");
        assertThat(warnings.get(2)).startsWith("websites 'DUP1', 'DUP2' and 'CONF' share one ERP key");
    }

    private static Row row(long id, String code, String keyHash, String managedBy, String shopUrl) {
        WebsiteConfig settings = new WebsiteConfig(
                code,
                null,
                new WebsitesProperties.Shop(shopUrl, null, null),
                new WebsitesProperties.Delivery(Duration.ofMinutes(10), false));
        return new Row(
                id,
                code,
                keyHash,
                true,
                false,
                managedBy,
                "api".equals(managedBy) ? WebsiteJson.write(WebsiteRules.withoutSecrets(settings)) : null,
                null,
                null,
                null,
                null,
                null,
                null,
                OffsetDateTime.of(2026, 11, 22, 10, 0, 0, 0, ZoneOffset.UTC));
    }
}
