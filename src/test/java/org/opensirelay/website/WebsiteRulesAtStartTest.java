package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ConnectionRecorder;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rules of operator input at start: the configuration's websites are refused naming each setting
 * (as the admin API refuses them), while websites stored before the rules existed are the operator's
 * running business: the relay starts, names each of them in printable form and says how to fix it;
 * a stored shop URL with a placeholder reads nothing and goes nowhere; websites that came to share an
 * ERP key (before the database said "one website per key") still open, and the key is claimed for one.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebsiteRulesAtStartTest {

    static final String ADMIN = "rules-at-start-admin-token-0123";
    static final String SHARED_KEY = "5ad7b4c0b3a1e2f9d8c7b6a5f4e3d2c1";
    static final String SLASH_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String PLACEHOLDER_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    /** The database settings: the embedded H2 in the data folder here; PostgreSQL in the subclass. */
    String[] database() {
        return new String[0];
    }

    private String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of(database()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void badCodesAndUrlsInTheConfigurationStopTheStartNamingEachSetting(@TempDir Path dataDir, CapturedOutput output) {
        assertThatThrownBy(() -> RelayProcess.start(
                        dataDir,
                        args(
                                "--relay.websites[0].code=SHOP/1",
                                "--relay.websites[0].key=00000000000000000000000000000001",
                                "--relay.websites[1].code=..",
                                "--relay.websites[1].key=00000000000000000000000000000002",
                                "--relay.websites[2].code=RTL\u202EBAD",
                                "--relay.websites[2].key=00000000000000000000000000000003",
                                "--relay.websites[3].code=LINE\nFORGED",
                                "--relay.websites[3].key=00000000000000000000000000000004",
                                "--relay.websites[4].code=SHOP5",
                                "--relay.websites[4].key=00000000000000000000000000000005",
                                // A user in a URL is refused (a placeholder nothing sets stops the start even
                                // earlier, naming it: UnresolvedPlaceholdersTest).
                                "--relay.websites[4].shop.url=http://user@shop.example/opensi",
                                "--relay.websites[4].shop.key=shop5-connector-key",
                                "--relay.websites[5].code=SHOP6",
                                "--relay.websites[5].key=00000000000000000000000000000006",
                                "--relay.websites[5].shop.url=file:///etc/hostname",
                                "--relay.websites[5].shop.key=shop6-connector-key",
                                "--relay.admin.token=" + ADMIN)))
                .isNotNull();
        String all = output.getAll();
        String failure = all.substring(all.lastIndexOf("APPLICATION FAILED TO START"));
        assertThat(failure)
                .contains(
                        "relay.websites[0].code 'SHOP/1' must be 1 to 64 characters among A-Z, a-z, 0-9, '.', '_' and '-'",
                        "relay.websites[1].code '..' must be",
                        "relay.websites[2].code 'RTL\\u202EBAD' must be",
                        "relay.websites[3].code 'LINE\\u000AFORGED' must be",
                        "relay.websites[4].shop.url",
                        "relay.websites[5].shop.url")
                .doesNotContain("\u202E", "\nFORGED", ADMIN);
    }

    @Test
    void storedWebsitesThatBreakTheRulesAreNamedAtStartAndKeepWorking(@TempDir Path dataDir, CapturedOutput output)
            throws Exception {
        try (ConnectionRecorder shop = ConnectionRecorder.start()) {
            try (RelayProcess first = RelayProcess.start(dataDir, args("--relay.admin.token=" + ADMIN))) {
                JdbcTemplate jdbc = first.jdbc();
                // As a relay before the rules stored them (the admin API took any code, any URL, and raced on keys),
                // and as a database that V12 has yet to migrate (so the migrations after it too: Flyway takes
                // them in order).
                // (V14 and V16, the search columns and their indexes, and V15's column, undone.)
                for (String index : new String[] {
                    "shop_order_by_customer_surname",
                    "shop_order_by_customer_last_name",
                    "shop_order_by_customer_name",
                    "shop_order_by_customer_email",
                    "order_return_by_erp_number",
                    "webhook_event_by_subject"
                }) {
                    jdbc.execute("DROP INDEX IF EXISTS " + index);
                }
                jdbc.execute("ALTER TABLE shop_order DROP COLUMN customer_surname_search");
                jdbc.execute("ALTER TABLE shop_order DROP COLUMN customer_last_name_search");
                jdbc.execute("ALTER TABLE outbox DROP COLUMN shop_message");
                jdbc.execute("ALTER TABLE shop_order DROP COLUMN customer_name_search");
                jdbc.execute("ALTER TABLE shop_order DROP COLUMN customer_email_search");
                jdbc.execute("ALTER TABLE webhook_event DROP COLUMN subject");
                jdbc.execute("DROP TABLE IF EXISTS backup_taken");
                jdbc.execute("DROP TABLE IF EXISTS key_fingerprint");
                jdbc.execute("DROP TABLE IF EXISTS website_key");
                jdbc.update(
                        "DELETE FROM \"flyway_schema_history\" WHERE \"version\" IN ('12', '13', '14', '15', '16')");
                store(jdbc, "OLD/1", SLASH_KEY, null);
                store(jdbc, "OLD\nFORGED website 'SHOP1' is disabled", KeyHash.newKey(), null);
                store(
                        jdbc,
                        "PLACEHOLDER",
                        PLACEHOLDER_KEY,
                        "http://127.0.0.1:" + shop.port() + "/x?a=${relay.admin.token}");
                store(jdbc, "DUP1", SHARED_KEY, null);
                store(jdbc, "DUP2", SHARED_KEY, null);
            }
            int before = output.getAll().length();
            try (RelayProcess second = RelayProcess.start(dataDir, args("--relay.admin.token=" + ADMIN))) {
                String start = output.getAll().substring(before);
                assertThat(start)
                        .contains(
                                "website 'OLD/1' (id ",
                                "website 'OLD\\u000AFORGED website 'SHOP1' is disabled' (id ",
                                "its code breaks the rule (1 to 64 characters among A-Z, a-z, 0-9, '.', '_' and '-'",
                                "website 'PLACEHOLDER': its stored shop.url breaks the rule",
                                "websites 'DUP1' and 'DUP2' share one ERP key")
                        .doesNotContain("\nFORGED", ADMIN);

                // Still answered, as they were: the stored websites are the operator's business until fixed.
                second.soap()
                        .post(Envelope.fixture("setComments-seed.xml", SLASH_KEY, "OLD/1"))
                        .xml()
                        .valueByXPath("//xsd:Code")
                        .isEqualTo("1001");
                for (String code : List.of("DUP1", "DUP2")) {
                    second.soap()
                            .post(Envelope.fixture("setComments-seed.xml", SHARED_KEY, code))
                            .xml()
                            .valueByXPath("//xsd:Code")
                            .isEqualTo("1001");
                }
                // The placeholder reads nothing and goes nowhere: the website has no shop until a valid URL is set.
                JsonHttp admin = new JsonHttp(second.port(), ADMIN);
                assertThat(admin.get("/api/websites").body()).doesNotContain(ADMIN);
                second.soap()
                        .post(
                                Envelope.Fixtures.text("soap/passed-through/setStocks-erp.xml")
                                        .replace("${key}", PLACEHOLDER_KEY)
                                        .replace("${websiteCode}", "PLACEHOLDER"),
                                "text/xml; charset=utf-8");
                assertThat(shop.received()).as("nothing reached the stored URL").isEmpty();
                // The fix the start names: a valid URL through the admin API (the stored code is not held against it).
                JsonHttp.Answer fixed = admin.send(
                        "PATCH",
                        "/api/websites/PLACEHOLDER",
                        "{\"shop\": {\"url\": \"https://shop.example/opensi\", \"key\": \"placeholder-shop-key\"}}",
                        Map.of("Content-Type", "application/merge-patch+json"));
                assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
                assertThat(admin.get("/api/websites").body()).contains("https://shop.example/opensi");

                // The shared key stays claimed: no third website takes it; rotating one of the two away fixes it.
                JsonHttp.Answer third =
                        admin.post("/api/websites", "{\"code\": \"DUP3\", \"key\": \"" + SHARED_KEY + "\"}");
                assertThat(third.status()).as(third.body()).isEqualTo(400);
                assertThat(admin.post("/api/websites/DUP2/key", "{\"previousValidFor\": \"PT0S\"}")
                                .status())
                        .isEqualTo(200);
                JdbcTemplate jdbc = second.jdbc();
                assertThat(jdbc.queryForObject(
                                "SELECT COUNT(*) FROM website_key WHERE key_sha256 = ?",
                                Integer.class,
                                KeyHash.hex(KeyHash.of(SHARED_KEY))))
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void aConfiguredWebsiteRenamedWithItsKeyTakesTheKeyAlong(@TempDir Path dataDir) {
        String key = "7c9e2b4a1d3f5e6a8b0c2d4e6f8a0b1c";
        try (RelayProcess before = RelayProcess.start(
                dataDir, args("--relay.websites[0].code=SHOP-OLD", "--relay.websites[0].key=" + key))) {
            before.soap()
                    .post(Envelope.fixture("setComments-seed.xml", key, "SHOP-OLD"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
        }
        try (RelayProcess after = RelayProcess.start(
                dataDir, args("--relay.websites[0].code=SHOP-NEW", "--relay.websites[0].key=" + key))) {
            after.soap()
                    .post(Envelope.fixture("setComments-seed.xml", key, "SHOP-NEW"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
            assertThat(after.jdbc()
                            .queryForObject(
                                    "SELECT w.code FROM website_key k JOIN website w ON w.id = k.website_id"
                                            + " WHERE k.key_sha256 = ?",
                                    String.class,
                                    KeyHash.hex(KeyHash.of(key))))
                    .as("the website the configuration names now holds the key")
                    .isEqualTo("SHOP-NEW");
        }
    }

    /** A website row as the admin API wrote one (settings without secrets, no sealed secrets). */
    private static void store(JdbcTemplate jdbc, String code, String key, String shopUrl) {
        WebsiteConfig config = new WebsiteConfig(
                code,
                null,
                new WebsitesProperties.Shop(shopUrl, null, null),
                new WebsitesProperties.Delivery(WebsitesProperties.Delivery.DEFAULT_INTERVAL, false));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update(
                "INSERT INTO website (code, key_sha256, api_token_sha256, settings, active, managed_by, created_at,"
                        + " updated_at, changed_at) VALUES (?, ?, ?, ?, TRUE, 'api', ?, ?, CURRENT_TIMESTAMP)",
                code,
                KeyHash.hex(KeyHash.of(key)),
                KeyHash.hex(KeyHash.of(KeyHash.newKey())),
                WebsiteJson.write(WebsiteRules.withoutSecrets(config)),
                now,
                now);
    }
}
