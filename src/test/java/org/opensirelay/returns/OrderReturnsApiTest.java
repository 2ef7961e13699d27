package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensirelay.returns.domain.ReturnRequest;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Google's orderreturns on our returns, over real HTTP: every method, idempotent writes, refunds, paging. */
class OrderReturnsApiTest extends RelayWithShopTest {

    private static final String API = "/api/v1/websites/SHOP1/orderreturns";

    @Autowired
    ReturnRequests returns;

    JsonHttp merchant;

    @BeforeEach
    void anOrder() {
        merchant = new JsonHttp(port, SHOP1_API_TOKEN);
        assertThat(merchant.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnsApiTest.ORDER)
                        .status())
                .isEqualTo(201);
    }

    private static String create(String operationId, int quantity) {
        return "{\"orderId\": \"WEB-1\", \"operationId\": \"" + operationId + "\", \"returnMethodType\": \"byMail\","
                + " \"lineItems\": [{\"lineItemId\": \"1\", \"quantity\": " + quantity + "}]}";
    }

    private String created(String operationId, int quantity) {
        JsonHttp.Answer answer = merchant.post(API + "/createOrderReturn", create(operationId, quantity));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().at("/orderReturn/orderReturnId").asString();
    }

    private JsonHttp.Answer process(String id, String operationId, String items) {
        return merchant.post(
                API + "/" + id + "/process",
                "{\"operationId\": \"" + operationId + "\", \"returnItems\": [" + items + "]}");
    }

    private static String partial(String item, String price, String tax) {
        return "{\"returnItemId\": \"" + item + "\", \"refund\": {\"partialRefund\": {\"priceAmount\": {\"value\": \""
                + price
                + "\", \"currency\": \"EUR\"}, \"taxAmount\": {\"value\": \"" + tax + "\", \"currency\": \"EUR\"}},"
                + " \"paymentType\": \"originalFop\", \"reasonText\": \"goodwill\", \"returnRefundReason\": \"productArrivedDamaged\"}}";
    }

    private static String fullRefund(String item) {
        return "{\"returnItemId\": \"" + item
                + "\", \"refund\": {\"fullRefund\": true, \"paymentType\": \"originalFop\"}}";
    }

    private static String reject(String item) {
        return "{\"returnItemId\": \"" + item
                + "\", \"reject\": {\"reason\": \"damagedByCustomer\", \"reasonText\": \"scratched\"}}";
    }

    @Test
    void createIsExecutedOnceThenADuplicateAndAChangedBodyIsAConflict() {
        JsonHttp.Answer first = merchant.post(API + "/createOrderReturn", create("op-create-1", 2));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("kind").asString()).isEqualTo("content#orderreturnsCreateOrderReturnResponse");
        assertThat(first.json().get("executionStatus").asString()).isEqualTo("executed");
        String id = first.json().at("/orderReturn/orderReturnId").asString();

        // The same body, keys in another order: the same operation.
        JsonHttp.Answer again = merchant.post(
                API + "/createOrderReturn",
                "{\"lineItems\": [{\"quantity\": 2, \"lineItemId\": \"1\"}],"
                        + " \"returnMethodType\": \"byMail\", \"operationId\": \"op-create-1\", \"orderId\": \"WEB-1\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("executionStatus").asString()).isEqualTo("duplicate");
        assertThat(again.json().at("/orderReturn/orderReturnId").asString()).isEqualTo(id);
        assertThat(count("order_return")).isEqualTo(1);

        JsonHttp.Answer conflict = merchant.post(API + "/createOrderReturn", create("op-create-1", 1));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("code").asString()).isEqualTo("OPERATION_CONFLICT");
        assertThat(count("order_return")).isEqualTo(1);

        // The same rules as every way in: 2 of 2 are claimed already.
        JsonHttp.Answer refused = merchant.post(API + "/createOrderReturn", create("op-create-2", 1));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("code").asString()).isEqualTo("QUANTITY_EXCEEDED");
    }

    @Test
    void aReturnIsShownOneItemPerUnitWithItsRefundableAmount() {
        String id = created("op-1", 2);
        JsonNode resource = merchant.get(API + "/" + id).json();
        assertThat(resource.get("orderId").asString()).isEqualTo("WEB-1");
        assertThat(resource.get("merchantOrderId").asString()).isEqualTo("CC20050001");
        assertThat(resource.get("creationDate").asString()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(resource.get("returnItems"))
                .extracting(i -> i.get("returnItemId").asString())
                .containsExactly(id + "-1-1", id + "-1-2");
        assertThat(resource.at("/returnItems/0/itemId").asString()).isEqualTo("1");
        assertThat(resource.at("/returnItems/0/product/offerId").asString()).isEqualTo("SKU-A");
        assertThat(resource.at("/returnItems/0/refundableAmount/value").asString())
                .isEqualTo("15.00");
        assertThat(resource.at("/returnItems/0/refundableAmount/currency").asString())
                .isEqualTo("EUR");
        assertThat(resource.at("/returnItems/0/state").asString()).isEqualTo("new");
        assertThat(resource.at("/returnShipments/0/returnMethodType").asString())
                .isEqualTo("byMail");
        assertThat(resource.at("/returnPricingInfo/refundableItemsAmount/value").asString())
                .isEqualTo("30.00");
        assertThat(merchant.get(API + "/R999999999").status()).isEqualTo(404);
    }

    @Test
    void acknowledgeIsExecutedOnceAndFiltersTheList() {
        String id = created("op-1", 1);
        created("op-2", 1);
        JsonHttp.Answer ack = merchant.post(API + "/" + id + "/acknowledge", "{\"operationId\": \"ack-1\"}");
        assertThat(ack.json().get("executionStatus").asString()).isEqualTo("executed");
        assertThat(merchant.post(API + "/" + id + "/acknowledge", "{\"operationId\": \"ack-1\"}")
                        .json()
                        .get("executionStatus")
                        .asString())
                .isEqualTo("duplicate");
        assertThat(count("return_event")).isEqualTo(3);
        assertThat(merchant.get(API + "?acknowledged=true").json().get("resources"))
                .extracting(r -> r.get("orderReturnId").asString())
                .containsExactly(id);
        assertThat(merchant.get(API + "?acknowledged=false").json().get("resources"))
                .hasSize(1);
        assertThat(merchant.post(API + "/" + id + "/acknowledge", "{}").status())
                .isEqualTo(422);
    }

    @Test
    void partialRefundsAddUpAFullOneRefundsWhatIsLeftAndSettlingEveryItemClosesTheReturn() {
        String id = created("op-1", 2);
        String one = id + "-1-1";
        String two = id + "-1-2";
        assertThat(process(id, "p1", partial(one, "5.00", "1.00"))
                        .json()
                        .get("executionStatus")
                        .asString())
                .isEqualTo("executed");
        // Replayed: no second refund. Changed under the same id: a conflict.
        assertThat(process(id, "p1", partial(one, "5.00", "1.00"))
                        .json()
                        .get("executionStatus")
                        .asString())
                .isEqualTo("duplicate");
        assertThat(process(id, "p1", partial(one, "6.00", "1.00")).status()).isEqualTo(409);
        assertThat(merchant.get(API + "/" + id)
                        .json()
                        .at("/returnItems/0/refundedAmount/value")
                        .asString())
                .isEqualTo("6.00");

        assertThat(process(id, "p2", partial(one, "5.00", "1.00")).status()).isEqualTo(200);
        JsonHttp.Answer beyond = process(id, "p3", partial(one, "2.51", "0.50"));
        assertThat(beyond.status()).isEqualTo(422);
        assertThat(beyond.json().get("code").asString()).isEqualTo("REFUND_EXCEEDS_REFUNDABLE");
        assertThat(beyond.json().at("/problems/0/remainingPrice").asString()).isEqualTo("2.50");
        assertThat(process(id, "p4", fullRefund(one)).status()).isEqualTo(200);
        JsonNode refunded = merchant.get(API + "/" + id).json();
        assertThat(refunded.at("/returnItems/0/refundedAmount/value").asString())
                .isEqualTo("15.00");
        assertThat(refunded.at("/returnItems/0/state").asString()).isEqualTo("refunded");
        assertThat(refunded.get("status").asString()).isEqualTo("REQUESTED");

        assertThat(process(id, "p5", reject(two)).status()).isEqualTo(200);
        JsonNode closed = merchant.get("/api/v1/websites/SHOP1/returns/" + id).json();
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.get("resolution").asString()).isEqualTo("REFUNDED");
        assertThat(closed.get("timeline"))
                .extracting(e -> e.get("note").isNull() ? "" : e.get("note").asString())
                .anyMatch(n -> n.startsWith("refund 5.00 + 1.00 tax EUR on item " + one))
                .anyMatch(n -> n.startsWith("refund 2.50 + 0.50 tax EUR"))
                .anyMatch(n -> n.startsWith("item " + two + " rejected: damagedByCustomer"));
        // Each change says whose it was: the merchant's tool, not a marketplace (issue 39).
        assertThat(closed.get("timeline"))
                .filteredOn(
                        e -> !e.get("note").isNull() && e.get("note").asString().startsWith("refund "))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("side").asString()).isEqualTo("MERCHANT_TOOL"));
        JsonNode resource = merchant.get(API + "/" + id).json();
        assertThat(resource.at("/returnItems/1/state").asString()).isEqualTo("rejected");
        assertThat(resource.at("/returnItems/1/merchantRejectionReason/reasonCode")
                        .asString())
                .isEqualTo("damagedByCustomer");
        assertThat(resource.at("/returnPricingInfo/totalRefundedAmount/value").asString())
                .isEqualTo("15.00");
        assertThat(process(id, "p6", fullRefund(two)).json().get("code").asString())
                .isEqualTo("ITEM_ALREADY_SETTLED");
    }

    @Test
    void everyItemRejectedRejectsTheReturnAndMoneyAsANumberIsRefused() {
        String id = created("op-1", 1);
        assertThat(process(
                                id,
                                "p1",
                                "{\"returnItemId\": \"" + id
                                        + "-1-1\", \"refund\": {\"partialRefund\": {\"priceAmount\":"
                                        + " {\"value\": 5, \"currency\": \"EUR\"}, \"taxAmount\": {\"value\": \"1\", \"currency\": \"EUR\"}}}}")
                        .json()
                        .at("/problems/0/code")
                        .asString())
                .isEqualTo("NOT_DECIMAL_TEXT");
        assertThat(process(id, "p2", reject(id + "-1-1")).status()).isEqualTo(200);
        assertThat(merchant.get("/api/v1/websites/SHOP1/returns/" + id)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("REJECTED");
    }

    @Test
    void aReturnlessReturnRefundedIsKeptWithoutASlipWhileAReturnByMailGetsOneOnceAccepted() {
        JsonHttp.Answer created =
                merchant.post(API + "/createOrderReturn", create("op-keep", 1).replace("byMail", "returnless"));
        String keep = created.json().at("/orderReturn/orderReturnId").asString();
        assertThat(created.json().at("/orderReturn/returnShipments")).isEmpty();
        assertThat(process(keep, "p1", fullRefund(keep + "-1-1")).status()).isEqualTo(200);
        JsonNode kept = merchant.get("/api/v1/websites/SHOP1/returns/" + keep).json();
        assertThat(kept.get("status").asString()).isEqualTo("CLOSED");
        assertThat(kept.get("resolution").asString()).isEqualTo("KEPT");
        assertThat(kept.get("timeline"))
                .noneMatch(e -> "RECEIVED".equals(e.get("to").asString()));
        assertThat(kept.get("slipUrl").isNull()).isTrue();
        assertThat(count("return_slip")).isZero();

        // By mail: a slip once accepted, the parcel to come. (Refunded in full at once, it would close and
        // expect no parcel: ReturnSlipTest.aReturnRefundedInFullBeforeItWasAcceptedGetsNoSlip.)
        String byMail = created("op-mail", 1);
        assertThat(merchant.post("/api/v1/websites/SHOP1/returns/" + byMail + "/state", "{\"state\": \"ACCEPTED\"}")
                        .status())
                .isEqualTo(200);
        assertThat(merchant.get("/api/v1/websites/SHOP1/returns/" + byMail)
                        .json()
                        .get("slipUrl")
                        .asString())
                .contains("/slips/");
        assertThat(process(byMail, "p1", fullRefund(byMail + "-1-1")).status()).isEqualTo(200);
        assertThat(merchant.get("/api/v1/websites/SHOP1/returns/" + byMail)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CLOSED");
    }

    @Test
    void pagingThrough600ReturnsWhileNewOnesArriveMissesAndRepeatsNone() {
        assertThat(merchant.put(
                                "/api/v1/websites/SHOP1/orders/BIG",
                                ReturnsApiTest.ORDER.replace("\"quantity\": 2", "\"quantity\": 1000"))
                        .status())
                .isEqualTo(201);
        Set<String> existing = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            clock.advance(Duration.ofMillis(i % 3 == 0 ? 0 : 1000));
            existing.add(requestOne(i));
        }
        for (String orderBy : List.of("RETURN_CREATION_TIME_DESC", "RETURN_CREATION_TIME_ASC")) {
            List<String> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                JsonNode page = merchant.get(API + "?maxResults=250&orderBy=" + orderBy
                                + (token == null ? "" : "&pageToken=" + token))
                        .json();
                assertThat(page.get("kind").asString()).isEqualTo("content#orderreturnsListResponse");
                page.get("resources")
                        .forEach(r -> seen.add(r.get("orderReturnId").asString()));
                token = page.get("nextPageToken").isNull()
                        ? null
                        : page.get("nextPageToken").asString();
                // New returns arrive between pages.
                for (int i = 0; i < 3; i++) {
                    clock.advance(Duration.ofSeconds(1));
                    requestOne(1000 + pages * 10 + i);
                }
                pages++;
            } while (token != null);
            assertThat(new HashSet<>(seen))
                    .as("no return repeated (" + orderBy + ")")
                    .hasSameSizeAs(seen);
            assertThat(seen).as("no return missed (" + orderBy + ")").containsAll(existing);
        }
        JsonHttp.Answer tooMany = merchant.get(API + "?maxResults=251");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("code").asString()).isEqualTo("INVALID_MAX_RESULTS");
        assertThat(merchant.get(API + "?pageToken=not-a-token").status()).isEqualTo(400);
        assertThat(merchant.get(API).json().get("resources")).hasSize(25);
        assertThat(merchant.get(API + "?createdStartDate=2026-11-22&createdEndDate=2026-11-22&maxResults=250")
                        .json()
                        .get("resources"))
                .hasSize(250);
        assertThat(merchant.get(API + "?createdStartDate=2030-01-01").json().get("resources"))
                .isEmpty();
    }

    private String requestOne(int i) {
        return returns.requestReturn(
                        websites.website(SHOP1).orElseThrow(),
                        new ReturnRequest(
                                "BIG",
                                null,
                                "google",
                                "g-" + i,
                                "other",
                                List.of(new ReturnRequest.Line("1", null, null, 1, null))),
                        null,
                        Side.MARKETPLACE)
                .returned()
                .webReturnNumber();
    }

    @Test
    void refundsBelowTheCurrencysMinorUnitOrOfNothingAreRefusedAndRefundNothing() {
        String id = created("op-cents", 1);
        String item = id + "-1-1";
        JsonHttp.Answer fraction = process(id, "p-fraction", partial(item, "0.005", "0.001"));
        assertThat(fraction.status()).isEqualTo(422);
        assertThat(fraction.json().at("/problems/0/detail").asString()).contains("EUR amounts have at most 2 decimals");
        JsonHttp.Answer nothing = process(id, "p-nothing", partial(item, "0.00", "0.00"));
        assertThat(nothing.status()).isEqualTo(422);
        assertThat(nothing.json().at("/problems/0/detail").asString()).contains("both zero");
        assertThat(count("return_item_settlement")).isZero();
    }

    @Test
    void aQuantityTooLargeForAnyIntegerIsAClientError() {
        JsonHttp.Answer answer = merchant.post(
                API + "/createOrderReturn",
                create("op-huge", 1).replace("\"quantity\": 1", "\"quantity\": 99999999999999999999"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().at("/problems/0/pointer").asString()).isEqualTo("/lineItems/0/quantity");
    }
}
