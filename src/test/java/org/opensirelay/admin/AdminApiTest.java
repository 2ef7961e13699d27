package org.opensirelay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.AdminHttp;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.RelayWithShopTest;

/** The operator's view: see what is stuck, put dead items back, deliver now; only with the token. */
@SuppressWarnings("unchecked")
class AdminApiTest extends RelayWithShopTest {

    @Test
    void callsWithoutTheTokenAreRefused() {
        assertThat(call("GET", "/api/websites", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/websites", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/websites/SHOP1/deliver", "wrong-token").statusCode())
                .isEqualTo(401);
        assertThat(SHOP.requests()).isEmpty();
    }

    @Test
    void websitesAreListedWithTheirCountsAndNeverTheirKeys() {
        soap.post(shop1("setComments-seed.xml"));
        HttpResponse<String> response = call("GET", "/api/websites", ADMIN_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> codes = JsonPath.read(response.body(), "$[*].code");
        assertThat(codes).containsExactlyInAnyOrder(SHOP1, SHOP2);
        List<Integer> pending = JsonPath.read(response.body(), "$[?(@.code=='SHOP1')].deliveries.PENDING");
        assertThat(pending).containsExactly(1);
        assertThat(response.body()).doesNotContain(SHOP1_KEY, SHOP1_SHOP_KEY, SHOP2_KEY, "shop2-connector-key");
    }

    @Test
    void deadItemsAreListedAndPutBackThenDelivered() {
        soap.post(shop1("setComments-seed.xml")
                .repeat(2, (i, item) -> Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1))));
        SHOP.answer(item -> item.get("CommentId").equals("2") ? 3003 : 0);
        deliverShop1();

        HttpResponse<String> dead = call("GET", "/api/websites/SHOP1/deliveries?status=DEAD", ADMIN_TOKEN);
        assertThat(dead.statusCode()).isEqualTo(200);
        assertThat((List<String>) JsonPath.read(dead.body(), "$.deliveries[*].key"))
                .containsExactly("2");
        assertThat((List<String>) JsonPath.read(dead.body(), "$.deliveries[*].lastError"))
                .containsExactly("3003 Refused by the shop: code 3003");
        assertThat((List<Integer>) JsonPath.read(dead.body(), "$.deliveries[*].attempts"))
                .containsExactly(1);
        long id = ((Number) JsonPath.read(dead.body(), "$.deliveries[0].id")).longValue();

        SHOP.answer(item -> 0);
        HttpResponse<String> retry = call("POST", "/api/websites/SHOP1/deliveries/" + id + "/retry", ADMIN_TOKEN);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat((Integer) JsonPath.read(retry.body(), "$.revived")).isEqualTo(1);
        Eventually.within(
                Duration.ofSeconds(10),
                "the revived comment reaches the shop",
                () -> SHOP.applied().containsKey("comment 2"));
        Eventually.within(
                Duration.ofSeconds(5), "its row is delivered", () -> "DELIVERED".equals(status("COMMENT", "2")));

        assertThat(call("POST", "/api/websites/SHOP1/deliveries/" + id + "/retry", ADMIN_TOKEN)
                        .statusCode())
                .as("only dead items can be put back")
                .isEqualTo(409);
    }

    @Test
    void deliverNowSendsEvenWhatWaitsOutARetryDelayAndSaysWhatItDid() {
        soap.post(shop1("setOrderReturnDocuments-seed.xml"));
        SHOP.down();
        deliverShop1();
        assertThat(status("RETURN_DOCUMENT", "RC20050001")).isEqualTo("PENDING");
        // The shop is back; the item would wait out its retry delay (a minute or more) without this.
        SHOP.listen();
        HttpResponse<String> response = call("POST", "/api/websites/SHOP1/deliver", ADMIN_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((Integer) JsonPath.read(response.body(), "$.madeDue")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(response.body(), "$.delivered")).isEqualTo(1);
        assertThat((Boolean) JsonPath.read(response.body(), "$.shopUnavailable"))
                .isFalse();
        assertThat(SHOP.applied()).containsKey("return RC20050001");
        assertThat(status("RETURN_DOCUMENT", "RC20050001")).isEqualTo("DELIVERED");
    }

    @Test
    void badRequestsGetProblemsThatExplainThem() {
        HttpResponse<String> unknownWebsite = call("GET", "/api/websites/NOPE/deliveries", ADMIN_TOKEN);
        assertThat(unknownWebsite.statusCode()).isEqualTo(404);
        assertThat(unknownWebsite.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(unknownWebsite.body(), "$.code")).isEqualTo("UNKNOWN_WEBSITE");

        HttpResponse<String> badStatus = call("GET", "/api/websites/SHOP1/deliveries?status=LOST", ADMIN_TOKEN);
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(badStatus.body(), "$.detail"))
                .contains("PENDING", "DEAD", "default PENDING", "'LOST'");
        assertThat(call("GET", "/api/websites/SHOP1/deliveries?status=dead", ADMIN_TOKEN)
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> unknownId = call("POST", "/api/websites/SHOP1/deliveries/999999/retry", ADMIN_TOKEN);
        assertThat(unknownId.statusCode()).isEqualTo(404);
        assertThat((String) JsonPath.read(unknownId.body(), "$.code")).isEqualTo("UNKNOWN_DELIVERY");
        soap.post(shop1("setOrderReturnDocuments-seed.xml"));
        long pending = jdbc.queryForObject("SELECT id FROM outbox", Long.class);
        HttpResponse<String> notDead =
                call("POST", "/api/websites/SHOP1/deliveries/" + pending + "/retry", ADMIN_TOKEN);
        assertThat(notDead.statusCode()).isEqualTo(409);
        assertThat((String) JsonPath.read(notDead.body(), "$.detail"))
                .isEqualTo(
                        "delivery " + pending
                                + " is PENDING: only DEAD deliveries can be retried (use POST /api/websites/SHOP1/deliver to send pending ones now)");
        assertThat(call("POST", "/api/websites/SHOP1/deliveries/x/retry", ADMIN_TOKEN)
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> noToken = call("GET", "/api/websites", null);
        assertThat(noToken.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(noToken.body(), "$.code")).isEqualTo("UNAUTHORIZED");
    }

    private HttpResponse<String> call(String method, String path, String token) {
        return AdminHttp.call(port, method, path, token);
    }
}
