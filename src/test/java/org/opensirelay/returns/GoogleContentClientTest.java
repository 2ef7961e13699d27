package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.NodePackages;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google's own generated client for the Content API v2.1 ({@code @googleapis/content} 7.1.0, the
 * last release that carries {@code orderreturns}, installed from package-lock.json), created as a
 * merchant tool creates it with only its root URL set to the relay and the website's API token as its
 * OAuth access token: every orderreturns method against the relay on a random port, and its errors
 * read by the client into its own exception (issue 40).
 */
class GoogleContentClientTest extends RelayWithShopTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path client;

    @BeforeAll
    static void installGooglesClient() throws Exception {
        client = NodePackages.install(
                "google-content",
                "google-content-client",
                "node_modules/@googleapis/content/package.json",
                "package.json",
                "package-lock.json",
                "call.js");
    }

    @Test
    void aToolOnGooglesClientCreatesListsAcknowledgesRefundsAndLabelsReturns() throws Exception {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        assertThat(shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnFixtures.ORDER)
                        .status())
                .isEqualTo(201);

        // createorderreturn: both mugs, by mail; the same operation again is a duplicate, not a second return.
        String createMugs = """
                {"merchantId": "%s", "requestBody": {"orderId": "WEB-1", "operationId": "create-1",
                 "returnMethodType": "byMail", "lineItems": [{"lineItemId": "1", "quantity": 2}]}}""".formatted(SHOP1_MERCHANT_ID);
        JsonNode created = ok(call(SHOP1_API_TOKEN, "orderreturns.createorderreturn", createMugs));
        assertThat(created.get("kind").asString()).isEqualTo("content#orderreturnsCreateOrderReturnResponse");
        assertThat(created.get("executionStatus").asString()).isEqualTo("executed");
        JsonNode mugs = created.get("orderReturn");
        String mugsId = mugs.get("orderReturnId").asString();
        assertThat(mugs.get("orderId").asString()).isEqualTo("WEB-1");
        assertThat(mugs.get("merchantOrderId").asString()).isEqualTo("CC20050001");
        assertThat(mugs.get("creationDate").asString()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(mugs.get("returnItems")).hasSize(2);
        JsonNode firstMug = mugs.get("returnItems").get(0);
        assertThat(firstMug.at("/refundableAmount/priceAmount").toString())
                .isEqualTo("{\"value\":\"12.50\",\"currency\":\"EUR\"}");
        assertThat(firstMug.at("/refundableAmount/taxAmount/value").asString()).isEqualTo("2.50");
        assertThat(firstMug.at("/product/offerId").asString()).isEqualTo("SKU-A");
        assertThat(firstMug.at("/product/gtin").asString()).isEqualTo("3760000000011");
        assertThat(firstMug.get("state").asString()).isEqualTo("new");
        assertThat(mugs.at("/returnShipments/0/returnMethodType").asString()).isEqualTo("byMail");
        assertThat(mugs.has("status")).as("only Google's fields").isFalse();
        assertThat(ok(call(SHOP1_API_TOKEN, "orderreturns.createorderreturn", createMugs))
                        .get("executionStatus")
                        .asString())
                .isEqualTo("duplicate");

        // A second return, a minute later: the plate, returned in store.
        clock.set(clock.instant().plusSeconds(60));
        String plateId = ok(call(SHOP1_API_TOKEN, "orderreturns.createorderreturn", """
                        {"merchantId": "%s", "requestBody": {"orderId": "WEB-1", "operationId": "create-2",
                         "returnMethodType": "inStore", "lineItems": [{"lineItemId": "2", "quantity": 1}]}}""".formatted(SHOP1_MERCHANT_ID)))
                .at("/orderReturn/orderReturnId")
                .asString();

        // list, one a page, newest first: the client's pageToken leads to the second and last page.
        JsonNode page1 = ok(call(SHOP1_API_TOKEN, "orderreturns.list", """
                {"merchantId": "%s", "maxResults": 1}""".formatted(SHOP1_MERCHANT_ID)));
        assertThat(page1.get("kind").asString()).isEqualTo("content#orderreturnsListResponse");
        assertThat(page1.at("/resources/0/orderReturnId").asString()).isEqualTo(plateId);
        String token = page1.get("nextPageToken").asString();
        JsonNode page2 = ok(call(SHOP1_API_TOKEN, "orderreturns.list", """
                {"merchantId": "%s", "maxResults": 1, "pageToken": "%s"}""".formatted(SHOP1_MERCHANT_ID, token)));
        assertThat(page2.at("/resources/0/orderReturnId").asString()).isEqualTo(mugsId);
        assertThat(page2.has("nextPageToken")).isFalse();

        // acknowledge, then only the other one is unacknowledged.
        JsonNode ack = ok(call(SHOP1_API_TOKEN, "orderreturns.acknowledge", """
                {"merchantId": "%s", "returnId": "%s", "requestBody": {"operationId": "ack-1"}}""".formatted(SHOP1_MERCHANT_ID, mugsId)));
        assertThat(ack.get("kind").asString()).isEqualTo("content#orderreturnsAcknowledgeResponse");
        assertThat(ack.get("executionStatus").asString()).isEqualTo("executed");
        JsonNode unacknowledged = ok(call(SHOP1_API_TOKEN, "orderreturns.list", """
                {"merchantId": "%s", "acknowledged": false}""".formatted(SHOP1_MERCHANT_ID)));
        assertThat(unacknowledged.get("resources")).hasSize(1);
        assertThat(unacknowledged.at("/resources/0/orderReturnId").asString()).isEqualTo(plateId);

        // process: a partial refund of the first mug, then a full refund of both mugs' rest.
        String firstMugId = firstMug.get("returnItemId").asString();
        String secondMugId = mugs.at("/returnItems/1/returnItemId").asString();
        JsonNode partial =
                ok(call(SHOP1_API_TOKEN, "orderreturns.process", """
                {"merchantId": "%s", "returnId": "%s", "requestBody": {"operationId": "refund-1", "returnItems": [
                  {"returnItemId": "%s", "refund": {"partialRefund": {"priceAmount": {"value": "5.00", "currency": "EUR"},
                   "taxAmount": {"value": "1.00", "currency": "EUR"}}, "paymentType": "originalFop", "reasonText": "goodwill",
                   "returnRefundReason": "customerDiscretionaryReturn"}}]}}""".formatted(SHOP1_MERCHANT_ID, mugsId, firstMugId)));
        assertThat(partial.get("kind").asString()).isEqualTo("content#orderreturnsProcessResponse");
        assertThat(partial.get("executionStatus").asString()).isEqualTo("executed");
        JsonNode afterPartial = ok(call(SHOP1_API_TOKEN, "orderreturns.get", """
                {"merchantId": "%s", "returnId": "%s"}""".formatted(SHOP1_MERCHANT_ID, mugsId)));
        assertThat(afterPartial
                        .at("/returnItems/0/refundableAmount/priceAmount/value")
                        .asString())
                .isEqualTo("7.50");
        assertThat(afterPartial
                        .at("/returnItems/0/refundableAmount/taxAmount/value")
                        .asString())
                .isEqualTo("1.50");
        assertThat(afterPartial
                        .at("/returnPricingInfo/totalRefundedAmount/priceAmount/value")
                        .asString())
                .isEqualTo("5.00");
        assertThat(afterPartial
                        .at("/returnPricingInfo/refundableItemsTotalAmount/priceAmount/value")
                        .asString())
                .isEqualTo("20.00");

        JsonNode full = ok(call(SHOP1_API_TOKEN, "orderreturns.process", """
                {"merchantId": "%s", "returnId": "%s", "requestBody": {"operationId": "refund-2", "returnItems": [
                  {"returnItemId": "%s", "refund": {"fullRefund": true}},
                  {"returnItemId": "%s", "refund": {"fullRefund": true}}]}}""".formatted(
                        SHOP1_MERCHANT_ID, mugsId, firstMugId, secondMugId)));
        assertThat(full.get("executionStatus").asString()).isEqualTo("executed");
        JsonNode refunded = ok(call(SHOP1_API_TOKEN, "orderreturns.get", """
                {"merchantId": "%s", "returnId": "%s"}""".formatted(SHOP1_MERCHANT_ID, mugsId)));
        assertThat(refunded.findValuesAsString("state")).contains("refunded", "refunded", "completed");
        assertThat(refunded.at("/returnPricingInfo/totalRefundedAmount/priceAmount/value")
                        .asString())
                .isEqualTo("25.00");
        assertThat(refunded.at("/returnPricingInfo/totalRefundedAmount/taxAmount/value")
                        .asString())
                .isEqualTo("5.00");
        // The relay's own view of the same return: closed as refunded, by the one state machine.
        JsonNode ours = shop.get("/api/v1/websites/SHOP1/returns/" + mugsId).json();
        assertThat(ours.get("status").asString()).isEqualTo("CLOSED");
        assertThat(ours.get("resolution").asString()).isEqualTo("REFUNDED");

        // labels.create: the merchant's label for the plate's parcel, then shown as its tracking.
        JsonNode label =
                ok(call(SHOP1_API_TOKEN, "orderreturns.labels.create", """
                {"merchantId": "%s", "returnId": "%s", "requestBody": {"carrier": "colissimo", "trackingId": "6A12345678901",
                 "labelUri": "https://labels.example/6A12345678901.pdf"}}""".formatted(SHOP1_MERCHANT_ID, plateId)));
        assertThat(label.get("carrier").asString()).isEqualTo("colissimo");
        assertThat(label.get("trackingId").asString()).isEqualTo("6A12345678901");
        assertThat(label.get("labelUri").asString()).isEqualTo("https://labels.example/6A12345678901.pdf");
        JsonNode labelled = ok(call(SHOP1_API_TOKEN, "orderreturns.get", """
                {"merchantId": "%s", "returnId": "%s"}""".formatted(SHOP1_MERCHANT_ID, plateId)));
        assertThat(labelled.at("/returnShipments/0/shipmentTrackingInfos/0/trackingNumber")
                        .asString())
                .isEqualTo("6A12345678901");
        assertThat(labelled.at("/returnShipments/0/returnMethodType").asString())
                .isEqualTo("inStore");
        JsonNode relabel =
                call(SHOP1_API_TOKEN, "orderreturns.labels.create", """
                {"merchantId": "%s", "returnId": "%s", "requestBody": {"carrier": "dhl", "trackingId": "X1"}}""".formatted(SHOP1_MERCHANT_ID, plateId));
        assertThat(relabel.get("code").asInt()).as(relabel.toString()).isEqualTo(400);
        assertThat(relabel.get("message").asString()).contains("cannot be updated");
    }

    @Test
    void googlesClientReadsTheRelaysRefusalsIntoItsOwnError() throws Exception {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        shop.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnFixtures.ORDER);
        String mugId = ok(call(SHOP1_API_TOKEN, "orderreturns.createorderreturn", """
                        {"merchantId": "%s", "requestBody": {"orderId": "WEB-1", "operationId": "c-1",
                         "returnMethodType": "byMail", "lineItems": [{"lineItemId": "1", "quantity": 1}]}}""".formatted(SHOP1_MERCHANT_ID)))
                .at("/orderReturn/orderReturnId")
                .asString();

        // A merchant id no website has: 404, Google's shape parsed (a number, and the errors list).
        JsonNode unknown = call(SHOP1_API_TOKEN, "orderreturns.list", "{\"merchantId\": \"999\"}");
        assertThat(unknown.get("ok").asBoolean()).isFalse();
        assertThat(unknown.get("code").isNumber()).as(unknown.toString()).isTrue();
        assertThat(unknown.get("code").asInt()).isEqualTo(404);
        assertThat(unknown.at("/errors/0/reason").asString()).isEqualTo("notFound");
        assertThat(unknown.get("message").asString()).contains("merchant id 999");

        // A refund beyond what is left: 400 with every field named, as the client's message.
        JsonNode tooMuch =
                call(SHOP1_API_TOKEN, "orderreturns.process", """
                {"merchantId": "%s", "returnId": "%s", "requestBody": {"operationId": "p-1", "returnItems": [
                  {"returnItemId": "%s-1-1", "refund": {"partialRefund": {"priceAmount": {"value": "99.00", "currency": "EUR"},
                   "taxAmount": {"value": "0.00", "currency": "EUR"}}}}]}}""".formatted(SHOP1_MERCHANT_ID, mugId, mugId));
        assertThat(tooMuch.get("status").asInt()).isEqualTo(400);
        assertThat(tooMuch.get("code").asInt()).as(tooMuch.toString()).isEqualTo(400);
        assertThat(tooMuch.get("message").asString())
                .contains("[returnItems[0].refund.partialRefund]", "12.50", "REFUND_EXCEEDS_REFUNDABLE");
        assertThat(tooMuch.at("/errors/0/domain").asString()).isEqualTo("global");

        // An invalid body: every problem is one of the client's errors.
        JsonNode invalid = call(SHOP1_API_TOKEN, "orderreturns.process", """
                {"merchantId": "%s", "returnId": "%s", "requestBody": {"returnItems": [{"returnItemId": "x"}]}}""".formatted(SHOP1_MERCHANT_ID, mugId));
        assertThat(invalid.get("code").asInt()).isEqualTo(400);
        assertThat(invalid.get("errors").findValuesAsString("reason")).containsOnly("invalid");
        assertThat(invalid.get("message").asString()).contains("[operationId]", "[returnItems[0]]");

        // What Google did and the relay does not: refused, saying so, and nothing happened.
        JsonNode byOrderIds = call(SHOP1_API_TOKEN, "orderreturns.list", """
                {"merchantId": "%s", "googleOrderIds": ["WEB-1"]}""".formatted(SHOP1_MERCHANT_ID));
        assertThat(byOrderIds.get("code").asInt()).isEqualTo(400);
        assertThat(byOrderIds.at("/errors/0/reason").asString()).isEqualTo("unsupported");
        assertThat(byOrderIds.get("message").asString()).contains("googleOrderIds is not supported by this relay");
        JsonNode shipping =
                call(SHOP1_API_TOKEN, "orderreturns.process", """
                {"merchantId": "%s", "returnId": "%s", "requestBody": {"operationId": "p-2",
                 "refundShippingFee": {"fullRefund": true},
                 "returnItems": [{"returnItemId": "%s-1-1", "refund": {"fullRefund": true}}]}}""".formatted(SHOP1_MERCHANT_ID, mugId, mugId));
        assertThat(shipping.get("code").asInt()).isEqualTo(400);
        assertThat(shipping.get("message").asString()).contains("shipping fee is not supported by this relay");
        assertThat(shop.get("/api/v1/websites/SHOP1/returns/" + mugId)
                        .json()
                        .get("status")
                        .asString())
                .as("nothing refunded")
                .isEqualTo("REQUESTED");

        // Tokens: another website's opens not this merchant (403), a wrong one nothing (401).
        JsonNode otherWebsite = call(SHOP2_API_TOKEN, "orderreturns.get", """
                {"merchantId": "%s", "returnId": "%s"}""".formatted(SHOP1_MERCHANT_ID, mugId));
        assertThat(otherWebsite.get("code").asInt()).isEqualTo(403);
        assertThat(otherWebsite.at("/errors/0/reason").asString()).isEqualTo("forbidden");
        JsonNode wrong = call("not-a-token-of-this-relay", "orderreturns.list", """
                {"merchantId": "%s"}""".formatted(SHOP1_MERCHANT_ID));
        assertThat(wrong.get("code").asInt()).isEqualTo(401);
        // The unknown return of a known merchant.
        JsonNode noReturn = call(SHOP1_API_TOKEN, "orderreturns.get", """
                {"merchantId": "%s", "returnId": "R999999999"}""".formatted(SHOP1_MERCHANT_ID));
        assertThat(noReturn.get("code").asInt()).isEqualTo(404);
    }

    @Test
    void aWebsiteMadeThroughTheAdminApiIsNamedByItsMerchantIdAtOnceAndAnIdIsOneWebsites() throws Exception {
        JsonHttp admin = new JsonHttp(port, ADMIN_TOKEN);
        JsonHttp.Answer taken = admin.post("/api/websites", """
                {"code": "GOOGLE-DUP", "google": {"merchantId": "%s"}}""".formatted(SHOP1_MERCHANT_ID));
        assertThat(taken.status()).as(taken.body()).isEqualTo(400);
        assertThat(taken.body()).contains("website.google.merchantId " + SHOP1_MERCHANT_ID, "SHOP1");
        assertThat(admin.get("/api/websites/GOOGLE-DUP").status())
                .as("nothing stored")
                .isEqualTo(404);
        JsonHttp.Answer badId = admin.post("/api/websites", """
                {"code": "GOOGLE-BAD", "google": {"merchantId": "12ab"}}""");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body()).contains("website.google.merchantId '12ab'");

        JsonHttp.Answer created = admin.post("/api/websites", """
                {"code": "GOOGLE-RT", "google": {"merchantId": "5550001"}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String apiToken = created.json().get("apiToken").asString();
        try {
            JsonNode empty = ok(call(apiToken, "orderreturns.list", "{\"merchantId\": \"5550001\"}"));
            assertThat(empty.get("kind").asString()).isEqualTo("content#orderreturnsListResponse");
            assertThat(empty.has("resources")).as(empty.toString()).isTrue();
            assertThat(empty.get("resources")).isEmpty();
            // Its id taken away by a merge patch: Google's paths stop answering for it.
            assertThat(admin.send("PATCH", "/api/websites/GOOGLE-RT", "{\"google\": null}", java.util.Map.of())
                            .status())
                    .isEqualTo(200);
            assertThat(call(apiToken, "orderreturns.list", "{\"merchantId\": \"5550001\"}")
                            .get("code")
                            .asInt())
                    .isEqualTo(404);
        } finally {
            admin.send("DELETE", "/api/websites/GOOGLE-RT", null, java.util.Map.of());
        }
    }

    /** One call of Google's client, as a tool makes it: the root URL the relay's, the token the website's. */
    private JsonNode call(String accessToken, String method, String params) throws Exception {
        Process node = new ProcessBuilder(
                        "node", "call.js", "http://localhost:" + port + "/", accessToken, method, params)
                .directory(client.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        return JSON.readTree(output.lines().reduce((a, b) -> b).orElseThrow());
    }

    private static JsonNode ok(JsonNode answer) {
        assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(200);
        return answer.get("data");
    }
}
