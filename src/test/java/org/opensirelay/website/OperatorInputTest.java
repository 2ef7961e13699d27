package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.ConnectionRecorder;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an operator sends through the admin API is data, never code, and every path applies the same
 * limits: a shop URL is a parsed http or https URI (a placeholder in it reads nothing, a {@code file:}
 * URL goes nowhere), a website code is a short identifier, an ERP key belongs to one website however
 * many creates or rotations race for it (the database says so), a rotation's overlap has one limit.
 * Over real HTTP; {@link OperatorInputPostgresTest} runs the same on PostgreSQL.
 */
// A context of its own: the websites these tests make (and the refused ones, on a relay that took
// them) stay out of the other classes' lists.
@TestPropertySource(properties = "relay.website-refresh-every=PT1S")
class OperatorInputTest extends RelayWithShopTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aShopUrlWithPlaceholdersIsRefusedAndNoSecretIsShownStoredOrSent() {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        SoftAssertions soft = new SoftAssertions();
        try (ConnectionRecorder shop = ConnectionRecorder.start()) {
            String hostile = "http://127.0.0.1:" + shop.port() + "/x?k=${relay.websites[0].key}&a=${relay.admin.token}";
            int websites = count("website");
            int changes = count("website_change");

            JsonHttp.Answer refused = admin.post("/api/websites", body("HOSTILE1", hostile));

            soft.assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            soft.assertThat(refused.contentType()).startsWith("application/problem+json");
            soft.assertThat(errors(refused))
                    .as("the problem names the field and the rule")
                    .anySatisfy(e -> assertThat(e)
                            .startsWith("website.shop.url")
                            .contains("placeholder")
                            .contains("http:// or https://"));
            soft.assertThat(count("website")).as("no website stored").isEqualTo(websites);
            soft.assertThat(count("website_change")).as("nothing audited").isEqualTo(changes);
            soft.assertThat(admin.get("/api/websites").body())
                    .as("the list of websites shows no key and no token")
                    .doesNotContain(SHOP1_KEY, SHOP2_KEY, ADMIN_TOKEN);
            soft.assertThat(admin.get("/api/websites/HOSTILE1").body()).doesNotContain(SHOP1_KEY, ADMIN_TOKEN);
            // Were the website made anyway, a pass-through call for it would take the URL to the shop.
            String key =
                    refused.json() == null ? null : refused.json().path("key").asString(null);
            if (key != null) {
                soap.post(
                        Envelope.Fixtures.text("soap/passed-through/setStocks-erp.xml")
                                .replace("${key}", key)
                                .replace("${websiteCode}", "HOSTILE1"),
                        "text/xml; charset=utf-8");
            }
            soft.assertThat(shop.received()).as("nothing reached the shop").isEmpty();
        }
        soft.assertAll();
    }

    @Test
    void aUrlThatIsNotAPlainHttpAddressIsAProblemNamingTheFieldNeverA500() {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        List<String> urls = List.of(
                "file:///etc/hostname?${a:}",
                "file:///etc/hostname",
                "http://shop.example/${x}",
                "http://shop.example/ws?${spring.datasource.password:}",
                "javascript:alert(1)",
                "http:///no-host",
                "http://user:secret@shop.example/ws",
                "http://shop.example:99999/ws",
                "http://shop.example/\u202Egnp.exe",
                "http://shop.example/ws\nX-Injected: 1",
                "shop.example/ws");
        int websites = count("website");
        for (int i = 0; i < urls.size(); i++) {
            JsonHttp.Answer refused = admin.post("/api/websites", body("BADURL" + i, urls.get(i)));
            assertThat(refused.status()).as(urls.get(i) + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("code").asString()).isEqualTo("INVALID_WEBSITE");
            assertThat(errors(refused))
                    .as(urls.get(i))
                    .anySatisfy(
                            e -> assertThat(e).startsWith("website.shop.url").contains("http:// or https://"));
        }
        assertThat(count("website")).as("nothing stored").isEqualTo(websites);

        // The same rule when the URL changes.
        JsonHttp.Answer created =
                admin.post("/api/websites", body("GOODURL1", "https://shop.example/modules/opensi/ws"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonHttp.Answer patched = admin.send(
                "PATCH",
                "/api/websites/GOODURL1",
                "{\"shop\": {\"url\": \"http://shop.example/${relay.admin.token}\"}}",
                Map.of("Content-Type", "application/merge-patch+json"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(400);
        assertThat(errors(patched)).anySatisfy(e -> assertThat(e).startsWith("website.shop.url"));
        assertThat(admin.get("/api/websites/GOODURL1")
                        .json()
                        .at("/settings/shop/url")
                        .asString())
                .isEqualTo("https://shop.example/modules/opensi/ws");
    }

    @Test
    void aWebsiteCodeIsAShortIdentifierOnTheApi() {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        List<String> codes = List.of(
                "NUL\u0000CODE",
                "LINE\nFORGED website 'SHOP1' is disabled",
                "ESC\u001b[31mRED",
                "A/B",
                "..",
                ".",
                "RTL\u202EBAD",
                "WITH SPACE",
                "",
                "X".repeat(65));
        int websites = count("website");
        for (String code : codes) {
            ObjectNode body = JSON.createObjectNode().put("code", code);
            JsonHttp.Answer refused = admin.post("/api/websites", body.toString());
            assertThat(refused.status())
                    .as(printable(code) + ": " + refused.body())
                    .isEqualTo(400);
            assertThat(refused.json().get("code").asString()).isEqualTo("INVALID_WEBSITE");
            assertThat(errors(refused))
                    .as(printable(code))
                    .anySatisfy(e -> assertThat(e).startsWith("website.code"));
            assertThat(refused.body())
                    .as("the answer names the code in printable form")
                    .doesNotContain("\u0000", "\u001b", "\u202E");
        }
        assertThat(count("website")).as("nothing stored").isEqualTo(websites);
        assertThat(errors(admin.post("/api/websites", "{\"code\": \"A/B\"}")))
                .contains("website.code 'A/B' must be 1 to 64 characters among A-Z, a-z, 0-9, '.', '_' and '-',"
                        + " and not '.' or '..'");

        String longest = "shop-fr_2.0." + "x".repeat(52);
        JsonHttp.Answer created = admin.post(
                "/api/websites", JSON.createObjectNode().put("code", longest).toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(admin.get("/api/websites/" + longest).status()).isEqualTo(200);
    }

    @Test
    void concurrentCreatesWithOneKeyMakeOneWebsite() throws Exception {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        for (int round = 0; round < 5; round++) {
            String key = KeyHash.newKey();
            int r = round;
            List<JsonHttp.Answer> answers = race(
                    4,
                    i -> admin.post(
                            "/api/websites",
                            JSON.createObjectNode()
                                    .put("code", "SAMEKEY" + r + "-" + i)
                                    .put("key", key)
                                    .toString()));
            assertThat(answers.stream().filter(a -> a.status() == 201))
                    .as(
                            "round %d: %s",
                            round, answers.stream().map(JsonHttp.Answer::body).toList())
                    .hasSize(1);
            assertThat(answers.stream().filter(a -> a.status() != 201)).allSatisfy(a -> {
                assertThat(a.status()).as(a.body()).isEqualTo(400);
                assertThat(errors(a))
                        .containsExactly("website.key is the key of another website: every website needs its own key");
            });
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM website WHERE key_sha256 = ? AND deleted = FALSE",
                            Integer.class,
                            KeyHash.hex(KeyHash.of(key))))
                    .as("round %d: websites holding the key", round)
                    .isEqualTo(1);
        }
    }

    @Test
    void concurrentRotationsToOneKeyGiveItToOneWebsite() throws Exception {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        for (int i = 0; i < 4; i++) {
            assertThat(admin.post("/api/websites", "{\"code\": \"ROTATING" + i + "\"}")
                            .status())
                    .isEqualTo(201);
        }
        for (int round = 0; round < 5; round++) {
            String key = KeyHash.newKey();
            List<JsonHttp.Answer> answers =
                    race(4, i -> admin.post("/api/websites/ROTATING" + i + "/key", "{\"key\": \"" + key + "\"}"));
            assertThat(answers.stream().filter(a -> a.status() == 200))
                    .as(
                            "round %d: %s",
                            round, answers.stream().map(JsonHttp.Answer::body).toList())
                    .hasSize(1);
            assertThat(answers.stream().filter(a -> a.status() != 200)).allSatisfy(a -> {
                assertThat(a.status()).as(a.body()).isEqualTo(400);
                assertThat(errors(a))
                        .containsExactly("website.key is the key of another website: every website needs its own key");
            });
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM website WHERE (key_sha256 = ? OR previous_key_sha256 = ?) AND deleted = FALSE",
                            Integer.class,
                            KeyHash.hex(KeyHash.of(key)),
                            KeyHash.hex(KeyHash.of(key))))
                    .isEqualTo(1);
        }
        // A key being replaced is still the website's: no other website takes it during the overlap.
        JsonHttp.Answer created = admin.post("/api/websites", "{\"code\": \"ROTATED-FROM\"}");
        String replaced = created.json().get("key").asString();
        assertThat(admin.post("/api/websites/ROTATED-FROM/key", "{\"previousValidFor\": \"P1D\"}")
                        .status())
                .isEqualTo(200);
        JsonHttp.Answer taken = admin.post(
                "/api/websites",
                JSON.createObjectNode()
                        .put("code", "TAKES-PREVIOUS")
                        .put("key", replaced)
                        .toString());
        assertThat(taken.status()).isEqualTo(400);
        assertThat(errors(taken))
                .containsExactly("website.key is the key of another website: every website needs its own key");
    }

    @Test
    void aRotationsOverlapHasOneLimitAndAnOverflowIsAProblem() {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        assertThat(admin.post("/api/websites", "{\"code\": \"OVERLAP1\"}").status())
                .isEqualTo(201);
        for (String body : List.of(
                "{\"previousValidFor\": \"PT9223372036854775807S\"}",
                "{\"previousValidFor\": \"P36500D\"}",
                "{\"previousValidFor\": \"P91D\"}",
                "{\"previousValidFor\": \"-PT1H\"}",
                "{\"previousValidFor\": \"soon\"}",
                "{\"previousValidUntil\": \"+1000000000-12-31T23:59:59Z\"}")) {
            for (String secret : List.of("key", "api-token")) {
                JsonHttp.Answer refused = admin.post("/api/websites/OVERLAP1/" + secret, body);
                assertThat(refused.status())
                        .as(secret + " " + body + ": " + refused.body())
                        .isEqualTo(400);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.json().get("code").asString()).isEqualTo("INVALID_ROTATION");
                assertThat(refused.json().get("detail").asString())
                        .containsAnyOf("previousValidFor", "previousValidUntil")
                        .contains("90 days");
            }
        }
        JsonHttp.Answer shown = admin.get("/api/websites/OVERLAP1");
        assertThat(shown.json().has("previousKeyValidUntil"))
                .as("nothing rotated")
                .isFalse();
        assertThat(admin.post("/api/websites/OVERLAP1/key", "{\"previousValidFor\": \"P90D\"}")
                        .status())
                .isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    private static String body(String code, String shopUrl) {
        ObjectNode body = JSON.createObjectNode().put("code", code);
        body.putObject("shop").put("url", shopUrl).put("key", "operator-input-shop-key-01");
        return body.toString();
    }

    private static List<String> errors(JsonHttp.Answer answer) {
        JsonNode errors = answer.json() == null ? null : answer.json().get("errors");
        return errors == null
                ? List.of()
                : errors.valueStream().map(JsonNode::asString).toList();
    }

    /** {@code n} calls started together, their answers in order. */
    private static List<JsonHttp.Answer> race(int n, IntFunction<JsonHttp.Answer> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JsonHttp.Answer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                calls.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.apply(index);
                }));
            }
            ready.await();
            go.countDown();
            List<JsonHttp.Answer> answers = new ArrayList<>();
            for (Future<JsonHttp.Answer> answer : calls) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : "\\u%04X".formatted(c)));
        return out.toString();
    }
}
