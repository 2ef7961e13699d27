package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import org.opensirelay.support.SoapHttp;
import tools.jackson.databind.JsonNode;

/**
 * The whole story over real HTTP: the shop registers an order, the customer asks for a return, the
 * ERP pulls it (by date window, by paging, by order), sends the slip (the return is ACCEPTED), then
 * its states (received, refunded); the shop receives the states in order, and the timeline shows each step.
 */
class ReturnsStoryTest extends RelayWithShopTest {

    private String getOrderReturns(String from, String to, int offset, int count, String... orders) {
        String text = Envelope.fixture("getOrderReturns-window.xml", SHOP1_KEY, SHOP1)
                .toString()
                .replace(
                        "<xsd:Datetime_Min>2026-11-22 00:00:00</xsd:Datetime_Min>",
                        from == null
                                ? "<xsd:Datetime_Min xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/>"
                                : "<xsd:Datetime_Min>" + from + "</xsd:Datetime_Min>")
                .replaceAll(
                        "<xsd:Datetime_Max[^>]*/>",
                        to == null
                                ? "<xsd:Datetime_Max xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/>"
                                : "<xsd:Datetime_Max>" + to + "</xsd:Datetime_Max>")
                .replace("<xsd:Range_Min>0</xsd:Range_Min>", "<xsd:Range_Min>" + offset + "</xsd:Range_Min>")
                .replace("<xsd:Range_Max>100</xsd:Range_Max>", "<xsd:Range_Max>" + count + "</xsd:Range_Max>");
        StringBuilder list = new StringBuilder();
        for (String order : orders) {
            list.append("<xsd:Order><xsd:OrderNumber>").append(order).append("</xsd:OrderNumber></xsd:Order>");
        }
        SoapHttp.Answer answer =
                soap.post(text.replace("</xsd:Website_Code>", "</xsd:Website_Code>" + list), "text/xml; charset=utf-8");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private SoapHttp.Answer states(String webReturnNumber, String... states) {
        Envelope envelope = shop1("setOrderReturnStates-seed.xml").repeat(states.length, (i, item) -> {
            Envelope.field(item, "WebReturnNumber")
                    .setTextContent(i == states.length - 1 && states[i].equals("?") ? "NO-SUCH" : webReturnNumber);
            Envelope.field(item, "ReturnState").setTextContent(states[i].equals("?") ? "RECEIVED" : states[i]);
        });
        return soap.post(envelope);
    }

    @Test
    void fromTheCustomersRequestToTheRefundWithTheShopToldEachStateInOrder() {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        assertThat(shopApi.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnsApiTest.ORDER)
                        .status())
                .isEqualTo(201);
        JsonHttp.Answer requested = shopApi.post(
                "/api/v1/websites/SHOP1/returns",
                ReturnsApiTest.returnOf("{\"lineId\": \"1\", \"quantity\": 1, \"reasonCode\": \"doesNotFit\"}"));
        assertThat(requested.status()).isEqualTo(201);
        String number = requested.json().get("webReturnNumber").asString();
        assertThat(number).matches("R\\d{9}");

        // The ERP pulls it: by the window of its last change, by paging, and by order.
        SoapHttp.Answer pulled = new SoapHttp.Answer(200, getOrderReturns("2026-11-22 00:00:00", null, 0, 100));
        pulled.xml().nodesByXPath("//open:return").hasSize(1);
        pulled.xml().valueByXPath("//open:return/xsd:ReturnNumber").isEqualTo(number);
        pulled.xml().valueByXPath("//open:return/xsd:OrderNumber").isEqualTo("CC20050001");
        pulled.xml().valueByXPath("//open:return/xsd:Valid").isEqualTo("true");
        pulled.xml().valueByXPath("//open:return/xsd:Type").isEqualTo("REQUESTED");
        pulled.xml().valueByXPath("//open:return/xsd:Comments").isEqualTo("Trop petit");
        pulled.xml().valueByXPath("//open:return/xsd:Product/xsd:Reference").isEqualTo("SKU-A");
        pulled.xml()
                .valueByXPath("number(//open:return/xsd:Product/xsd:Quantity)")
                .isEqualTo("1");
        new SoapHttp.Answer(200, getOrderReturns(null, "2026-11-22 09:59:59", 0, 100))
                .xml()
                .nodesByXPath("//open:return")
                .hasSize(0);
        new SoapHttp.Answer(200, getOrderReturns("2026-11-22 10:00:00", "2026-11-22 10:00:00", 0, 100))
                .xml()
                .nodesByXPath("//open:return")
                .hasSize(1);
        new SoapHttp.Answer(200, getOrderReturns(null, null, 1, 100))
                .xml()
                .nodesByXPath("//open:return")
                .hasSize(0);
        new SoapHttp.Answer(200, getOrderReturns(null, null, 0, 0))
                .xml()
                .nodesByXPath("//open:return")
                .hasSize(0);
        // An Order list replaces the window (here one that would find nothing); either order number finds it.
        new SoapHttp.Answer(200, getOrderReturns("2030-01-01 00:00:00", null, 0, 100, "CC20050001"))
                .xml()
                .nodesByXPath("//open:return")
                .hasSize(1);
        new SoapHttp.Answer(200, getOrderReturns(null, null, 0, 100, "WEB-1"))
                .xml()
                .nodesByXPath("//open:return")
                .hasSize(1);
        new SoapHttp.Answer(200, getOrderReturns(null, null, 0, 100, "CC99"))
                .xml()
                .nodesByXPath("//open:return")
                .hasSize(0);

        // The ERP accepts it: the slip names the return, which becomes ACCEPTED with it.
        clock.advance(Duration.ofMinutes(10));
        soap.post(shop1("setOrderReturnDocuments-seed.xml").set("WebReturnNumber", number))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        JsonNode accepted =
                shopApi.get("/api/v1/websites/SHOP1/returns/" + number).json();
        assertThat(accepted.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("slipUrl").asString()).isEqualTo("https://shop.example/returns/RC20050001.pdf");
        assertThat(accepted.get("erpReturnNumber").asString()).isEqualTo("RC20050001");
        new SoapHttp.Answer(200, getOrderReturns("2026-11-22 10:05:00", null, 0, 100))
                .xml()
                .valueByXPath("//open:return/xsd:Type")
                .isEqualTo("ACCEPTED");

        // Its states: RECU is this ERP's word for RECEIVED (configured); then REFUNDED, and again; a
        // return that does not exist; a change the machine refuses; a value that means nothing.
        clock.advance(Duration.ofMinutes(10));
        SoapHttp.Answer answer = states(number, "RECU", "REFUNDED", "REFUNDED", "RECEIVED", "LOST", "?");
        answer.xml()
                .nodesByXPath("//open:return/xsd:Code")
                .extractingText()
                .containsExactly("1002", "1002", "2001", "3010", "3011", "3002");
        answer.xml()
                .nodesByXPath("//open:return/xsd:Key")
                .extractingText()
                .containsExactly(number, number, number, number, number, "NO-SUCH");
        answer.xml().valueByXPath("//open:return[4]/xsd:Message").asString().contains("CLOSED_REFUNDED");

        // The shop hears of each state, in order: ACCEPTED, RECEIVED, REFUNDED (and the slip).
        deliverShop1();
        List<Map<String, String>> stateItems = SHOP.items("setOrderReturnStatesRequest");
        assertThat(stateItems)
                .extracting(i -> i.get("ReturnState"))
                .containsExactly("ACCEPTED", "RECEIVED", "REFUNDED");
        assertThat(stateItems).allSatisfy(i -> {
            assertThat(i.get("WebReturnNumber")).isEqualTo(number);
            assertThat(i.get("ReturnNumber")).isEqualTo("RC20050001");
        });
        assertThat(SHOP.requests())
                .filteredOn(r -> r.operation().equals("setOrderReturnStatesRequest"))
                .allSatisfy(r -> assertThat(r.websiteCode()).isEqualTo(SHOP1_AT_SHOP));
        assertThat(SHOP.requests())
                .anySatisfy(r -> assertThat(r.operation()).isEqualTo("setOrderReturnDocumentsRequest"));
        assertThat(jdbc.queryForList(
                        "SELECT DISTINCT status FROM outbox WHERE item_kind = 'RETURN_STATE'", String.class))
                .containsExactly("DELIVERED");

        // The timeline: every step from every side, refusals kept as divergences.
        JsonNode done = shopApi.get("/api/v1/websites/SHOP1/returns/" + number).json();
        assertThat(done.get("status").asString()).isEqualTo("CLOSED");
        assertThat(done.get("resolution").asString()).isEqualTo("REFUNDED");
        assertThat(done.get("lines"))
                .singleElement()
                .satisfies(l -> assertThat(l.get("reasonCode").asString()).isEqualTo("doesNotFit"));
        assertThat(done.get("timeline"))
                .extracting(e -> e.get("side").asString() + " " + orDash(e.get("from")) + "->"
                        + orDash(e.get("to"))
                        + (e.get("resolution").isNull()
                                ? ""
                                : " " + e.get("resolution").asString())
                        + (e.get("divergence").asBoolean() ? " divergence" : ""))
                .containsExactly(
                        "SHOP -->REQUESTED",
                        "ERP REQUESTED->ACCEPTED",
                        "ERP ACCEPTED->RECEIVED",
                        "ERP RECEIVED->CLOSED REFUNDED",
                        "ERP CLOSED->RECEIVED divergence",
                        "ERP CLOSED->- divergence");
        assertThat(done.at("/timeline/1/note").asString()).contains("RC20050001.pdf");
        assertThat(done.at("/timeline/2/raw").asString()).isEqualTo("RECU");
        new SoapHttp.Answer(200, getOrderReturns(null, null, 0, 100))
                .xml()
                .valueByXPath("//open:return/xsd:Type")
                .isEqualTo("CLOSED_REFUNDED");
        // Refunded by the ERP: the marketplace's view says how much, not 0.00 beside "refunded".
        JsonNode google =
                shopApi.get("/api/v1/websites/SHOP1/orderreturns/" + number).json();
        assertThat(google.at("/returnItems/0/state").asString()).isEqualTo("refunded");
        assertThat(google.at("/returnItems/0/refundedAmount/value").asString())
                .isEqualTo(google.at("/returnItems/0/refundableAmount/value").asString())
                .isNotEqualTo("0.00");
        assertThat(google.at("/returnPricingInfo/totalRefundedAmount/value").asString())
                .isEqualTo(google.at("/returnPricingInfo/refundableItemsAmount/value")
                        .asString());
    }

    private static String orDash(JsonNode value) {
        return value == null || value.isNull() ? "-" : value.asString();
    }

    @Test
    void aSlipForAReturnTheRelayDoesNotKnowIsStillJustASlip() {
        soap.post(shop1("setOrderReturnDocuments-seed.xml").set("WebReturnNumber", "UNKNOWN-1"))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        assertThat(count("return_event")).isZero();
        deliverShop1();
        assertThat(SHOP.applied()).containsKey("return RC20050001");
    }

    @Test
    void aRejectedReturnIsNoLongerValidForTheErp() {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        String number = ReturnFixtures.requestedReturn(shopApi, "{\"lineId\": \"1\", \"quantity\": 1}");
        states(number, "4").xml().valueByXPath("//xsd:Code").isEqualTo("1002");
        SoapHttp.Answer pulled = new SoapHttp.Answer(200, getOrderReturns(null, null, 0, 100));
        pulled.xml().valueByXPath("//open:return/xsd:Valid").isEqualTo("false");
        pulled.xml().valueByXPath("//open:return/xsd:Type").isEqualTo("REJECTED");
    }

    @Test
    void aReasonStoredWithControlCharactersBeforeTheyWereRefusedStillGivesTheErpWellFormedXml() {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        shopApi.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnsApiTest.ORDER);
        shopApi.post("/api/v1/websites/SHOP1/returns", ReturnsApiTest.returnOf("{\"lineId\": \"1\", \"quantity\": 1}"));
        // As a relay before this rule may have stored it.
        jdbc.update("UPDATE order_return SET reason = ?", "bad\u0001ctl\u000bvt");
        String answer = getOrderReturns("2026-11-22 00:00:00", null, 0, 100);
        new SoapHttp.Answer(200, answer).xml().nodesByXPath("//open:return").hasSize(1);
        assertThat(answer).contains("bad\uFFFDctl\uFFFDvt");
    }
}
