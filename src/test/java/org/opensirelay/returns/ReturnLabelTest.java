package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.OpenApiSchemas;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import org.opensirelay.support.WebhookReceiver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A return's label and tracking: attached by the shop, changed by a carrier tool, both changes on
 * the timeline, the newest in orderreturns' shipment tracking and in the return, and a webhook
 * receiver told of each.
 */
class ReturnLabelTest extends RelayWithShopTest {

    @Test
    void aLabelAttachedThenChangedIsOnTheTimelineTwiceAndTheNewestIsTheReturnsTracking() throws Exception {
        JsonHttp merchant = new JsonHttp(port, SHOP2_API_TOKEN);
        merchant.put("/api/v1/websites/SHOP2/orders/WEB-1", ReturnFixtures.ORDER);
        String id = merchant.post(
                        "/api/v1/websites/SHOP2/orderreturns/createOrderReturn",
                        "{\"orderId\": \"WEB-1\", \"operationId\":"
                                + " \"op-1\", \"returnMethodType\": \"byMail\", \"lineItems\": [{\"lineItemId\": \"1\", \"quantity\": 1}]}")
                .json()
                .at("/orderReturn/orderReturnId")
                .asString();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            new JsonHttp(port, ADMIN_TOKEN)
                    .post(
                            "/api/websites/SHOP2/webhooks",
                            "{\"url\": \"" + receiver.url() + "\", \"events\": [\"return.label_attached\"]}");

            JsonHttp.Answer first = merchant.send(
                    "PUT",
                    "/api/v1/websites/SHOP2/returns/" + id + "/label",
                    "{\"labelUrl\": \"https://labels.example/L1.pdf\", \"carrier\": \"Colissimo\", \"trackingNumber\": \"6A111\"}",
                    Map.of());
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            OpenApiSchemas.assertMatches("Return", first.json());
            assertThat(first.json().at("/label/trackingNumber").asString()).isEqualTo("6A111");
            clock.advance(Duration.ofMinutes(5));
            // The same label again: nothing changes.
            merchant.send(
                    "PUT",
                    "/api/v1/websites/SHOP2/returns/" + id + "/label",
                    "{\"labelUrl\": \"https://labels.example/L1.pdf\", \"carrier\": \"Colissimo\", \"trackingNumber\": \"6A111\"}",
                    Map.of());
            JsonHttp.Answer changed = new JsonHttp(port, ADMIN_TOKEN)
                    .send(
                            "PUT",
                            "/api/v1/websites/SHOP2/returns/" + id + "/label",
                            "{\"carrier\": \"Mondial Relay\", \"trackingNumber\": \"MR-222\"}",
                            Map.of());
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);

            JsonNode view = merchant.get("/api/v1/websites/SHOP2/returns/" + id).json();
            assertThat(view.at("/label/carrier").asString()).isEqualTo("Mondial Relay");
            assertThat(view.at("/label/labelUrl").isNull()).isTrue();
            assertThat(view.get("timeline"))
                    .filteredOn(e -> "label".equals(e.get("raw").asString("")))
                    .extracting(
                            e -> e.get("side").asString() + " " + e.get("note").asString())
                    .containsExactly(
                            "SHOP label attached: Colissimo 6A111 https://labels.example/L1.pdf",
                            "OPERATOR label changed: Mondial Relay MR-222");
            JsonNode google =
                    merchant.get("/api/v1/websites/SHOP2/orderreturns/" + id).json();
            assertThat(google.at("/returnShipments/0/shipmentTrackingInfos/0/carrier")
                            .asString())
                    .isEqualTo("Mondial Relay");
            assertThat(google.at("/returnShipments/0/shipmentTrackingInfos/0/trackingNumber")
                            .asString())
                    .isEqualTo("MR-222");
            assertThat(google.at("/returnShipments/0/shipmentTrackingInfos").size())
                    .isEqualTo(1);

            Eventually.within(
                    Duration.ofSeconds(10),
                    "both label events arrive",
                    () -> receiver.received().size() == 2);
            JsonMapper json = JsonMapper.builder().build();
            assertThat(receiver.received())
                    .extracting(r ->
                            json.readTree(r.body()).at("/data/trackingNumber").asString())
                    .containsExactly("6A111", "MR-222");
            receiver.received()
                    .forEach(r -> OpenApiSchemas.assertMatches(
                            "ReturnLabelData", json.readTree(r.body()).get("data")));
        } finally {
            jdbc.update("DELETE FROM webhook_subscription");
        }
    }

    @Test
    void aLabelWithoutItsCarrierOrTrackingIsRefusedNamingEachFieldAndChangesNothing() {
        JsonHttp shop = new JsonHttp(port, SHOP1_API_TOKEN);
        String number = ReturnFixtures.requestedReturn(shop, "{\"lineId\": \"1\", \"quantity\": 1}");
        JsonHttp.Answer refused = shop.send(
                "PUT",
                "/api/v1/websites/SHOP1/returns/" + number + "/label",
                "{\"labelUrl\": \"ftp://labels.example/x\", \"trackingNumber\": \"  padded\"}",
                Map.of());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("problems"))
                .extracting(p -> p.get("pointer").asString())
                .containsExactly("/carrier", "/trackingNumber", "/labelUrl");
        assertThat(count("return_label")).isZero();
        assertThat(shop.send(
                                "PUT",
                                "/api/v1/websites/SHOP1/returns/R999/label",
                                "{\"carrier\": \"X\", \"trackingNumber\": \"1\"}",
                                Map.of())
                        .status())
                .isEqualTo(404);
    }
}
