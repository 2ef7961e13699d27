package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import tools.jackson.databind.JsonNode;

/** Orders and return requests over real HTTP: the rules, idempotency, tokens, the state API and listing. */
class ReturnsApiTest extends RelayWithShopTest {

    static final String ORDER = ReturnFixtures.ORDER;

    JsonHttp shop;

    @BeforeEach
    void registerTheOrder() {
        shop = new JsonHttp(port, SHOP1_API_TOKEN);
        assertThat(shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ORDER).status())
                .isEqualTo(201);
    }

    static String returnOf(String lines) {
        return ReturnFixtures.returnOf(lines);
    }

    JsonHttp.Answer request(String body) {
        return shop.post("/api/v1/websites/SHOP1/returns", body);
    }

    @Test
    void anOrderRegisteredAgainIsUnchangedAndAChangeIsANewVersion() {
        JsonHttp.Answer again = shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ORDER);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("result").asString()).isEqualTo("unchanged");
        assertThat(again.json().get("version").asInt()).isEqualTo(1);
        JsonHttp.Answer changed =
                shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ORDER.replace("\"quantity\": 2", "\"quantity\": 3"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("result").asString()).isEqualTo("updated");
        assertThat(changed.json().get("version").asInt()).isEqualTo(2);
        assertThat(count("shop_order_version")).isEqualTo(2);
        assertThat(shop.get("/api/v1/websites/SHOP1/orders/WEB-1")
                        .json()
                        .at("/order/lines/0/unitPrice")
                        .asString())
                .isEqualTo("12.50");
    }

    @Test
    void moneyAsANumberIsRefusedWithEveryProblemAndNothingStored() {
        JsonHttp.Answer refused = shop.put(
                "/api/v1/websites/SHOP1/orders/WEB-2",
                ORDER.replace("\"12.50\"", "12.5").replace("\"EUR\"", "\"€\""));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("INVALID_ORDER");
        assertThat(refused.json().get("problems"))
                .extracting(p -> p.get("pointer").asString())
                .containsExactly("/currency", "/lines/0/unitPrice");
        assertThat(count("shop_order")).isEqualTo(1);
    }

    @Test
    void theReturnPeriodEndsAfterItsLastDayNamedInTheRefusal() {
        clock.set(Instant.parse("2026-11-24T23:59:00Z"));
        assertThat(request(returnOf("{\"lineId\": \"1\", \"quantity\": 1}")).status())
                .isEqualTo(201);
        clock.set(Instant.parse("2026-11-25T00:00:00Z"));
        JsonHttp.Answer late = request(returnOf("{\"lineId\": \"2\", \"quantity\": 1}"));
        assertThat(late.status()).isEqualTo(422);
        assertThat(late.json().get("code").asString()).isEqualTo("RETURN_PERIOD_OVER");
        assertThat(late.json().at("/problems/0/lastAllowedDay").asString()).isEqualTo("2026-11-24");
    }

    @Test
    void everyProblemOfARequestIsListed() {
        shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ORDER.replace("\"paid\": true", "\"paid\": false"));
        JsonHttp.Answer refused =
                request("{\"webOrderNumber\": \"WEB-1\", \"source\": \"shop\", \"reason\": \" \", \"lines\": ["
                        + "{\"lineId\": \"9\", \"quantity\": 1}, {\"lineId\": \"1\", \"quantity\": 3}]}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("problems"))
                .extracting(p -> p.get("code").asString())
                .containsExactly("ORDER_NOT_PAID", "REASON_REQUIRED", "UNKNOWN_LINE", "QUANTITY_EXCEEDED");
        assertThat(refused.json().at("/problems/3/remaining").asInt()).isEqualTo(2);
        assertThat(count("order_return")).isZero();
    }

    @Test
    void anUnknownOrderIsNamed() {
        JsonHttp.Answer refused =
                request(returnOf("{\"lineId\": \"1\", \"quantity\": 1}").replace("WEB-1", "WEB-404"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("code").asString()).isEqualTo("UNKNOWN_ORDER");
    }

    @Test
    void quantitiesAddUpAcrossReturnsAndARejectedReturnGivesItsQuantityBack() {
        JsonHttp.Answer first = request(returnOf("{\"reference\": \"SKU-A\", \"quantity\": 1}"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(request(returnOf("{\"lineId\": \"1\", \"quantity\": 1}")).status())
                .isEqualTo(201);
        JsonHttp.Answer third = request(returnOf("{\"gtin\": \"3760000000011\", \"quantity\": 1}"));
        assertThat(third.status()).isEqualTo(422);
        assertThat(third.json().at("/problems/0/remaining").asInt()).isZero();

        String number = first.json().get("webReturnNumber").asString();
        JsonHttp.Answer rejected =
                shop.post("/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"REJECTED\"}");
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
        assertThat(request(returnOf("{\"gtin\": \"3760000000011\", \"quantity\": 1}"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aReplayGetsTheFirstAnswerAndAChangedBodyUnderTheSameKeyIsAConflict() {
        String body = returnOf("{\"lineId\": \"1\", \"quantity\": 1}")
                .replace("\"source\": \"shop\"", "\"source\": \"channable\", \"externalId\": \"CH-77\"");
        JsonHttp.Answer first = request(body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        JsonHttp.Answer again = request(body);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("webReturnNumber")).isEqualTo(first.json().get("webReturnNumber"));
        assertThat(count("order_return")).isEqualTo(1);
        JsonHttp.Answer changed = request(body.replace("\"quantity\": 1", "\"quantity\": 2"));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().get("code").asString()).isEqualTo("IDEMPOTENCY_CONFLICT");

        Map<String, String> key = Map.of("Idempotency-Key", "checkout-42");
        String plain = returnOf("{\"lineId\": \"2\", \"quantity\": 1}");
        JsonHttp.Answer keyed = shop.send("POST", "/api/v1/websites/SHOP1/returns", plain, key);
        assertThat(keyed.status()).isEqualTo(201);
        assertThat(shop.send("POST", "/api/v1/websites/SHOP1/returns", plain, key)
                        .json()
                        .get("webReturnNumber"))
                .isEqualTo(keyed.json().get("webReturnNumber"));
        assertThat(shop.send("POST", "/api/v1/websites/SHOP1/returns", plain.replace("Trop petit", "Cassé"), key)
                        .status())
                .isEqualTo(409);
        assertThat(count("order_return")).isEqualTo(2);
    }

    @Test
    void aWebsitesTokenOpensOnlyThatWebsite() {
        JsonHttp other = new JsonHttp(port, SHOP2_API_TOKEN);
        JsonHttp.Answer refused = other.get("/api/v1/websites/SHOP1/orders/WEB-1");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(other.put("/api/v1/websites/SHOP1/orders/WEB-9", ORDER).status())
                .isEqualTo(403);
        assertThat(new JsonHttp(port, null)
                        .get("/api/v1/websites/SHOP1/orders/WEB-1")
                        .status())
                .isEqualTo(401);
        assertThat(new JsonHttp(port, "not-a-token-of-anyone")
                        .get("/api/v1/websites/SHOP1/orders/WEB-1")
                        .status())
                .isEqualTo(401);
        assertThat(new JsonHttp(port, ADMIN_TOKEN)
                        .get("/api/v1/websites/SHOP1/orders/WEB-1")
                        .status())
                .isEqualTo(200);
        assertThat(other.get("/api/v1/websites/SHOP2/returns").status()).isEqualTo(200);
        // The admin API proper stays the admin's.
        assertThat(new JsonHttp(port, SHOP1_API_TOKEN).get("/api/websites").status())
                .isEqualTo(401);
    }

    @Test
    void aRefusedStateChangeIsAConflictKeptOnTheTimelineAsADivergence() {
        String number = request(returnOf("{\"lineId\": \"1\", \"quantity\": 1}"))
                .json()
                .get("webReturnNumber")
                .asString();
        JsonHttp.Answer refused =
                shop.post("/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"REFUNDED\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("TRANSITION_REFUSED");
        JsonNode timeline =
                shop.get("/api/v1/websites/SHOP1/returns/" + number).json().get("timeline");
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(1).get("divergence").asBoolean()).isTrue();
        assertThat(timeline.get(1).get("side").asString()).isEqualTo("SHOP");
        assertThat(timeline.get(1).get("raw").asString()).isEqualTo("REFUNDED");
        assertThat(shop.get("/api/v1/websites/SHOP1/returns/" + number)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("REQUESTED");
        assertThat(shop.post("/api/v1/websites/SHOP1/returns/" + number + "/state", "{\"state\": \"shipped\"}")
                        .status())
                .isEqualTo(422);
    }

    @Test
    void theListPagesByCursorAndFiltersByStatusAndChangeTime() {
        for (int i = 0; i < 3; i++) {
            clock.set(Instant.parse("2026-11-22T10:0" + i + ":00Z"));
            shop.put("/api/v1/websites/SHOP1/orders/WEB-L" + i, ORDER);
            assertThat(shop.post(
                                    "/api/v1/websites/SHOP1/returns",
                                    returnOf("{\"lineId\": \"1\", \"quantity\": 1}")
                                            .replace("WEB-1", "WEB-L" + i))
                            .status())
                    .isEqualTo(201);
        }
        // Polled a little later: a window read stops a second short of now (changes still committing).
        clock.set(Instant.parse("2026-11-22T10:05:00Z"));
        JsonHttp.Answer first = shop.get("/api/v1/websites/SHOP1/returns?limit=2");
        assertThat(first.json().get("returns"))
                .extracting(r -> r.get("webOrderNumber").asString())
                .containsExactly("WEB-L0", "WEB-L1");
        JsonHttp.Answer second = shop.get("/api/v1/websites/SHOP1/returns?limit=2&cursor="
                + first.json().get("nextCursor").asString());
        assertThat(second.json().get("returns"))
                .extracting(r -> r.get("webOrderNumber").asString())
                .containsExactly("WEB-L2");
        assertThat(second.json().get("nextCursor").isNull()).isTrue();
        assertThat(shop.get("/api/v1/websites/SHOP1/returns?modifiedSince=2026-11-22T10:01:00Z")
                        .json()
                        .get("returns"))
                .hasSize(2);
        assertThat(shop.get("/api/v1/websites/SHOP1/returns?modifiedSince=2026-11-22T10:01:00Z")
                        .json()
                        .get("asOf")
                        .asString())
                .isEqualTo("2026-11-22T10:04:59Z");
        assertThat(shop.get(
                                "/api/v1/websites/SHOP1/returns?modifiedSince=2026-11-22T10:00:00Z&modifiedBefore=2026-11-22T10:02:00Z")
                        .json()
                        .get("returns"))
                .hasSize(2);
        assertThat(shop.get("/api/v1/websites/SHOP1/returns?status=accepted")
                        .json()
                        .get("returns"))
                .isEmpty();
        assertThat(shop.get("/api/v1/websites/SHOP1/returns?status=requested")
                        .json()
                        .get("returns"))
                .hasSize(3);
        assertThat(shop.get("/api/v1/websites/SHOP1/returns?status=lost").status())
                .isEqualTo(400);
    }

    @Test
    void controlCharactersInAReasonAreRefusedNamingTheFieldAndNothingIsStored() {
        JsonHttp.Answer refused = request(
                "{\"webOrderNumber\": \"WEB-1\", \"source\": \"shop\","
                        + " \"reason\": \"bad\\u0001ctl\\u000bvt\\u0000nul\", \"lines\": [{\"lineId\": \"1\", \"quantity\": 1}]}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().at("/problems/0/pointer").asString()).isEqualTo("/reason");
        assertThat(refused.json().at("/problems/0/detail").asString())
                .contains("must not hold control characters: U+0001 at position 4");
        assertThat(count("order_return")).isZero();
        // Line breaks and tabs are text a customer may type.
        assertThat(request(
                                "{\"webOrderNumber\": \"WEB-1\", \"source\": \"shop\", \"reason\": \"Trop petit\\n\\tvraiment\","
                                        + " \"lines\": [{\"lineId\": \"1\", \"quantity\": 1}]}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void numbersTooLargeForAnyIntegerAndInstantsNoDatabaseHoldsAreClientErrors() {
        JsonHttp.Answer order = shop.put(
                "/api/v1/websites/SHOP1/orders/WEB-2",
                ORDER.replace("\"quantity\": 2", "\"quantity\": 99999999999999999999"));
        assertThat(order.status()).isEqualTo(422);
        assertThat(order.json().at("/problems/0/pointer").asString()).isEqualTo("/lines/0/quantity");
        JsonHttp.Answer returned = request(returnOf("{\"lineId\": \"1\", \"quantity\": 99999999999999999999}"));
        assertThat(returned.status()).isEqualTo(422);
        assertThat(returned.json().at("/problems/0/pointer").asString()).isEqualTo("/lines/0/quantity");
        JsonHttp.Answer window = shop.get("/api/v1/websites/SHOP1/returns?modifiedSince=%2B1000000000-12-31T23:59:59Z");
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.json().get("code").asString()).isEqualTo("INVALID_INSTANT");
    }

    @Test
    void pricesAreInTheCurrencysMinorUnit() {
        JsonHttp.Answer thirdOfACent =
                shop.put("/api/v1/websites/SHOP1/orders/WEB-3", ORDER.replace("\"12.50\"", "\"12.345\""));
        assertThat(thirdOfACent.status()).isEqualTo(422);
        assertThat(thirdOfACent.json().at("/problems/0/detail").asString())
                .contains("EUR amounts have at most 2 decimals (ISO 4217 minor unit); 12.345 has more");
        // Trailing zeros are no smaller unit.
        assertThat(shop.put("/api/v1/websites/SHOP1/orders/WEB-4", ORDER.replace("\"12.50\"", "\"12.5000\""))
                        .status())
                .isEqualTo(201);
        String yen = ORDER.replace("EUR", "JPY")
                .replace("\"12.50\"", "\"1250\"")
                .replace("\"2.50\"", "\"250\"")
                .replace("\"20.00\"", "\"2000\"")
                .replace("\"4.00\"", "\"400\"");
        assertThat(shop.put("/api/v1/websites/SHOP1/orders/WEB-5", yen).status())
                .isEqualTo(201);
        assertThat(shop.put("/api/v1/websites/SHOP1/orders/WEB-6", yen.replace("\"1250\"", "\"1250.5\""))
                        .status())
                .isEqualTo(422);
        assertThat(shop.put("/api/v1/websites/SHOP1/orders/WEB-7", ORDER.replace("EUR", "ZZZ"))
                        .status())
                .isEqualTo(422);
    }
}
