package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.OpenApiSchemas;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.SoapHttp;
import org.opensirelay.support.StubShop;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A website managed while the relay runs, over real HTTP on the embedded database: created through
 * the admin API (its key and token shown once), its items delivered to its own shop, its key rotated
 * (both keys open it until the cut-over, then only the new one), disabled (a clear Fault, its items
 * kept), enabled again (delivered), deleted once nothing waits; every step in the audit under the
 * operator's name, no secret anywhere in what the API shows.
 */
class WebsitesAtRuntimeTest extends RelayWithShopTest {

    private static final String ALICE_TOKEN = "alice-admin-token-0123456789";
    private static final String SHOP_KEY = "runtime-shop-key-000001";
    private static final StubShop RUNTIME_SHOP = StubShop.start();

    @DynamicPropertySource
    static void operators(DynamicPropertyRegistry registry) {
        registry.add("relay.admin.tokens.alice", () -> ALICE_TOKEN);
        registry.add("relay.website-refresh-every", () -> "PT0.5S");
    }

    @AfterAll
    static void stopShop() {
        RUNTIME_SHOP.close();
    }

    @Test
    void aWebsiteIsCreatedRotatedDisabledEnabledAndDeletedWhileTheRelayRuns() {
        RUNTIME_SHOP.reset();
        JsonHttp alice = new JsonHttp(port, ALICE_TOKEN);
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);

        // Created: the key and the API token are made at random and shown this once.
        JsonHttp.Answer created = alice.post("/api/websites", """
                {"code": "RUNTIME1", "shop": {"url": "%s", "key": "%s", "websiteCode": "WEB-RT"},
                 "delivery": {"interval": "PT1S"}}""".formatted(RUNTIME_SHOP.url(), SHOP_KEY));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("key").asString();
        String apiToken = created.json().get("apiToken").asString();
        assertThat(key).hasSize(32);
        JsonHttp.Answer shown = admin.get("/api/websites/RUNTIME1");
        assertThat(shown.json().get("managedBy").asString()).isEqualTo("api");
        assertThat(shown.json().at("/settings/delivery/interval").asString()).isEqualTo("PT1S");
        assertThat(shown.body()).doesNotContain(key, apiToken, SHOP_KEY);
        OpenApiSchemas.assertMatches("CreatedWebsite", created.json());
        OpenApiSchemas.assertMatches("ManagedWebsite", shown.json());

        // Answered at once, and delivered within a delivery period to its own shop, with its shop key.
        soap.post(comment(key, 1)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");
        Eventually.within(
                Duration.ofSeconds(15),
                "the comment at the website's shop",
                () -> RUNTIME_SHOP.applied().containsKey("comment 1"));
        StubShop.Request delivered = RUNTIME_SHOP.requests().get(0);
        assertThat(delivered.key()).isEqualTo(SHOP_KEY);
        assertThat(delivered.websiteCode()).isEqualTo("WEB-RT");

        // A new key; the previous one opens the website until the cut-over, a day from now.
        JsonHttp.Answer rotated = admin.post("/api/websites/RUNTIME1/key", "{\"previousValidFor\": \"P1D\"}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newKey = rotated.json().get("key").asString();
        assertThat(newKey).isNotEqualTo(key);
        OpenApiSchemas.assertMatches("RotatedKey", rotated.json());
        soap.post(comment(key, 2)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");
        soap.post(comment(newKey, 3)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");
        assertThat(jdbc.queryForList(
                        "SELECT credential FROM inbound_request WHERE website_code = 'RUNTIME1' ORDER BY id",
                        String.class))
                .as("the request log says which key each request used")
                .containsExactly("key", "previous-key", "key");
        assertThat(admin.get("/api/websites/RUNTIME1")
                        .json()
                        .get("previousKeyValidUntil")
                        .asString())
                .isEqualTo(START.plus(Duration.ofDays(1)).toString());

        // After the cut-over only the new key opens it.
        clock.set(START.plus(Duration.ofDays(1)).plusSeconds(1));
        int before = storedRows();
        soap.post(comment(key, 4))
                .xml()
                .valueByXPath("//open:fault/open:reason")
                .isEqualTo("AUTHENTICATION_FAILED");
        assertThat(storedRows()).isEqualTo(before);
        soap.post(comment(newKey, 4)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");

        // The REST API token: rotated with no overlap, the old one opens nothing from now on.
        JsonHttp returnsApi = new JsonHttp(port, apiToken);
        assertThat(returnsApi.get("/api/v1/websites/RUNTIME1/returns").status()).isEqualTo(200);
        JsonHttp.Answer newToken = admin.post("/api/websites/RUNTIME1/api-token", "{\"previousValidFor\": \"PT0S\"}");
        assertThat(newToken.status()).as(newToken.body()).isEqualTo(200);
        OpenApiSchemas.assertMatches("RotatedApiToken", newToken.json());
        assertThat(returnsApi.get("/api/v1/websites/RUNTIME1/returns").status()).isEqualTo(401);
        assertThat(new JsonHttp(port, newToken.json().get("apiToken").asString())
                        .get("/api/v1/websites/RUNTIME1/returns")
                        .status())
                .isEqualTo(200);

        // Disabled while an item waits for a shop that is down: requests are refused with a Fault
        // that says so, the waiting item is kept and not delivered.
        Eventually.within(
                Duration.ofSeconds(15), "everything so far delivered", () -> RUNTIME_SHOP.itemsApplied() == 4);
        RUNTIME_SHOP.down();
        soap.post(comment(newKey, 5)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");
        assertThat(admin.post("/api/websites/RUNTIME1/disable", null)
                        .json()
                        .get("enabled")
                        .asBoolean())
                .isFalse();
        before = storedRows();
        SoapHttp.Answer refused = soap.post(comment(newKey, 6));
        refused.xml().valueByXPath("//open:fault/open:reason").isEqualTo("WEBSITE_DISABLED");
        assertThat(refused.body()).contains("RUNTIME1", "disabled");
        assertThat(storedRows())
                .as("a disabled website's request stores nothing")
                .isEqualTo(before);
        assertThat(admin.send("DELETE", "/api/websites/RUNTIME1", null, Map.of())
                        .json()
                        .get("code")
                        .asString())
                .as("not deleted while an item waits")
                .isEqualTo("PENDING_ITEMS");
        RUNTIME_SHOP.listen();
        sleep(Duration.ofSeconds(3));
        assertThat(RUNTIME_SHOP.applied())
                .as("nothing is delivered for a disabled website")
                .doesNotContainKey("comment 5");
        assertThat(jdbc.queryForObject(
                        "SELECT status FROM outbox WHERE item_key = '5' AND item_kind = 'COMMENT'", String.class))
                .isEqualTo("PENDING");

        // Enabled again: the kept item goes.
        assertThat(admin.post("/api/websites/RUNTIME1/enable", null)
                        .json()
                        .get("enabled")
                        .asBoolean())
                .isTrue();
        // The kept item may have met the shop down once already (a run between its acceptance and the
        // disable): it is then due after its retry delay, which the test's clock lets pass (frozen, it
        // never did: 1 run in ~10 under load waited forever).
        clock.advance(Duration.ofMinutes(2));
        Eventually.within(
                Duration.ofSeconds(15),
                "the kept item delivered",
                () -> RUNTIME_SHOP.applied().containsKey("comment 5"));

        // Deleted: only disabled and with nothing waiting; the code is free again.
        assertThat(admin.send("DELETE", "/api/websites/RUNTIME1", null, Map.of())
                        .json()
                        .get("code")
                        .asString())
                .isEqualTo("WEBSITE_ENABLED");
        Eventually.within(
                Duration.ofSeconds(10),
                "nothing waits",
                () -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND website_id = ?",
                                Integer.class,
                                shownId("RUNTIME1"))
                        == 0);
        admin.post("/api/websites/RUNTIME1/disable", null);
        assertThat(admin.send("DELETE", "/api/websites/RUNTIME1", null, Map.of())
                        .status())
                .isEqualTo(204);
        assertThat(admin.get("/api/websites/RUNTIME1").status()).isEqualTo(404);
        soap.post(comment(newKey, 7))
                .xml()
                .valueByXPath("//open:fault/open:reason")
                .isEqualTo("AUTHENTICATION_FAILED");

        // The audit: who did what, in order, never a secret.
        JsonHttp.Answer changes = admin.get("/api/websites/RUNTIME1/changes");
        List<String> actions = changes.json()
                .get("changes")
                .valueStream()
                .map(c -> c.get("action").asString())
                .toList();
        assertThat(actions)
                .containsExactly(
                        "deleted", "disabled", "enabled", "disabled", "api token rotated", "key rotated", "created");
        assertThat(changes.json().get("changes").get(6).get("actor").asString()).isEqualTo("alice");
        assertThat(changes.json().get("changes").get(0).get("actor").asString()).isEqualTo("admin");
        assertThat(changes.body()).doesNotContain(key, newKey, apiToken, SHOP_KEY);
        OpenApiSchemas.assertMatches("WebsiteChanges", changes.json());
        changes.json().get("changes").forEach(change -> OpenApiSchemas.assertMatches("WebsiteChange", change));

        // The code can be used again.
        JsonHttp.Answer again = admin.post("/api/websites", "{\"code\": \"RUNTIME1\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
    }

    @Test
    void aBadWebsiteIsRefusedWithEveryProblemNamedAndNothingStored() {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        int websitesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM website", Integer.class);
        JsonHttp.Answer refused = admin.post("/api/websites", """
                {"code": "BAD1", "key": "short", "shop": {"url": "ftp://shop.example/ws"}, "delivery": {"interval": "PT0S"},
                 "returns": {"days": -1, "erpStates": {"9": "LOST"}}}""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("INVALID_WEBSITE");
        OpenApiSchemas.assertMatches("AdminProblem", refused.json());
        List<String> errors = refused.json()
                .get("errors")
                .valueStream()
                .map(JsonNode::asString)
                .toList();
        assertThat(errors)
                .hasSize(6)
                .contains(
                        "website.key has 5 characters: at least 16 are needed",
                        "website.shop.url must be " + HttpUrl.RULE + ": it is a ftp: URL",
                        "website.shop.key is missing: the shop's connector expects a key",
                        "website.returns.days must be 0 (no limit) or more",
                        "website.delivery.interval must be at least 1 second");
        assertThat(errors).anyMatch(e -> e.startsWith("website.returns.erp-states.9 is 'LOST': use one of"));
        JsonHttp.Answer unknownField =
                admin.post("/api/websites", "{\"code\": \"BAD2\", \"delivery\": {\"intervall\": \"PT1M\"}}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("detail").asString()).contains("intervall");
        JsonHttp.Answer sameKey = admin.post("/api/websites", "{\"code\": \"BAD3\", \"key\": \"" + SHOP1_KEY + "\"}");
        assertThat(sameKey.json().get("errors").get(0).asString())
                .isEqualTo("website.key is the key of another website: every website needs its own key");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM website", Integer.class))
                .isEqualTo(websitesBefore);
    }

    @Test
    void aConfiguredWebsiteIsTheConfigurationsAndTheApiSaysWhereToChangeIt() {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        JsonHttp.Answer patch =
                admin.send("PATCH", "/api/websites/SHOP1", "{\"delivery\": {\"interval\": \"PT1M\"}}", Map.of());
        assertThat(patch.status()).isEqualTo(409);
        assertThat(patch.json().get("code").asString()).isEqualTo("CONFIGURED");
        assertThat(patch.json().get("detail").asString()).contains("relay.websites");
        assertThat(admin.post("/api/websites", "{\"code\": \"SHOP1\"}")
                        .json()
                        .get("code")
                        .asString())
                .isEqualTo("WEBSITE_EXISTS");
        assertThat(admin.post("/api/websites/SHOP1/key", null).status()).isEqualTo(409);
        assertThat(admin.get("/api/websites/SHOP1").json().get("managedBy").asString())
                .isEqualTo("config");
        // Paged by code, for relays with thousands.
        JsonNode page = admin.get("/api/websites?limit=1&after=SHOP1").json();
        assertThat(page.size()).isEqualTo(1);
        assertThat(page.get(0).get("code").asString()).isEqualTo("SHOP2");
    }

    @Test
    void changedSettingsApplyAtOnceAndTheAuditSaysWhatChanged() {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        try (StubShop other = StubShop.start()) {
            JsonHttp.Answer created = admin.post("/api/websites", """
                    {"code": "RUNTIME2", "shop": {"url": "%s", "key": "%s"}, "delivery": {"interval": "PT1H"}}""".formatted(RUNTIME_SHOP.url(), SHOP_KEY));
            String key = created.json().get("key").asString();
            // To another shop, every second: the next item goes there within seconds, not in an hour.
            JsonHttp.Answer changed = admin.send(
                    "PATCH",
                    "/api/websites/RUNTIME2",
                    """
                    {"shop": {"url": "%s"}, "delivery": {"interval": "PT1S"}}""".formatted(other.url()),
                    Map.of("Content-Type", "application/merge-patch+json"));
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().at("/settings/shop/url").asString()).isEqualTo(other.url());
            soap.post(comment(key, 21)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");
            Eventually.within(
                    Duration.ofSeconds(15),
                    "the comment at the new shop",
                    () -> other.applied().containsKey("comment 21"));
            assertThat(other.requests().get(0).key())
                    .as("the shop key stays when the body does not change it")
                    .isEqualTo(SHOP_KEY);
            String detail = admin.get("/api/websites/RUNTIME2/changes")
                    .json()
                    .get("changes")
                    .get(0)
                    .get("detail")
                    .asString();
            assertThat(detail)
                    .contains(
                            "delivery.interval: PT1H → PT1S", "shop.url: " + RUNTIME_SHOP.url() + " → " + other.url());
            JsonHttp.Answer key2 =
                    admin.send("PATCH", "/api/websites/RUNTIME2", "{\"key\": \"a-new-key-by-patch-0001\"}", Map.of());
            assertThat(key2.status()).isEqualTo(400);
            assertThat(key2.json().get("errors").get(0).asString()).contains("POST /api/websites/RUNTIME2/key");
        }
    }

    private long shownId(String code) {
        return jdbc.queryForObject("SELECT id FROM website WHERE code = ?", Long.class, code);
    }

    private static Envelope comment(String key, int commentId) {
        return Envelope.fixture("setComments-seed.xml", key, "RUNTIME" + (commentId > 20 ? 2 : 1))
                .set("CommentId", String.valueOf(commentId));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
