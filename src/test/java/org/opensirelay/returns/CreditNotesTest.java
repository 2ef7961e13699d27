package org.opensirelay.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.SoapHttp;
import org.xmlunit.assertj3.XmlAssert;
import tools.jackson.databind.JsonNode;

/**
 * The refunds the relay records reach the ERP's books: a partial then a full refund through
 * orderreturns make two credit notes, which the ERP pulls with getOrderCreditNotes (window, paging,
 * by order) with amounts exact to the cent and numbers that do not change; the return shows them.
 * A website whose credit notes are the shop's passes the call through instead.
 */
class CreditNotesTest extends RelayWithShopTest {

    /** Three stickers at 0.10 € (a binary sum of them is 0.30000000000000004) and two mugs. */
    private static final String ORDER = """
            {"orderNumber": "CC20050009", "customer": {"name": "Ada Lovelace"}, "paid": true, "shipped": true,
             "deliveredAt": "2026-11-20", "currency": "EUR",
             "lines": [{"lineId": "1", "reference": "SKU-S", "title": "Sticker", "quantity": 3, "unitPrice": "0.10", "unitTax": "0.02"},
                       {"lineId": "2", "reference": "SKU-A", "title": "Mug", "quantity": 2, "unitPrice": "12.50", "unitTax": "2.50"}]}""";

    private String pull(String website, String key, String from, Integer offset, Integer count, String... orders) {
        StringBuilder list = new StringBuilder();
        for (String order : orders) {
            list.append("<xsd:Order><xsd:OrderNumber>").append(order).append("</xsd:OrderNumber></xsd:Order>");
        }
        String text = Envelope.fixture("getOrderCreditNotes-window.xml", key, website)
                .toString()
                .replace(
                        "<xsd:Datetime_Min>2026-11-22 00:00:00</xsd:Datetime_Min>",
                        "<xsd:Datetime_Min>" + from + "</xsd:Datetime_Min>")
                .replace("<xsd:Range_Min>0</xsd:Range_Min>", "<xsd:Range_Min>" + offset + "</xsd:Range_Min>")
                .replace("<xsd:Range_Max>100</xsd:Range_Max>", "<xsd:Range_Max>" + count + "</xsd:Range_Max>")
                .replace("</xsd:Website_Code>", "</xsd:Website_Code>" + list);
        SoapHttp.Answer answer = soap.post(text, "text/xml; charset=utf-8");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static XmlAssert xml(String body) {
        return XmlAssert.assertThat(body)
                .withNamespaceContext(Map.of("open", "http://www.opensi.fr", "xsd", "http://www.opensi.fr/xsd"));
    }

    @Test
    void aPartialThenAFullRefundBecomeTwoCreditNotesTheErpPullsExactToTheCent() {
        JsonHttp merchant = new JsonHttp(port, SHOP2_API_TOKEN);
        merchant.put("/api/v1/websites/SHOP2/orders/WEB-9", ORDER);
        String id = merchant.post(
                        "/api/v1/websites/SHOP2/orderreturns/createOrderReturn",
                        "{\"orderId\": \"WEB-9\", \"operationId\":"
                                + " \"op-1\", \"returnMethodType\": \"byMail\", \"lineItems\": [{\"lineItemId\": \"1\", \"quantity\": 3},"
                                + " {\"lineItemId\": \"2\", \"quantity\": 2}]}")
                .json()
                .at("/orderReturn/orderReturnId")
                .asString();

        clock.advance(Duration.ofMinutes(10)); // 10:10: a goodwill refund of 5.00 + 1.00 tax on one mug
        assertThat(merchant.post(
                                "/api/v1/websites/SHOP2/orderreturns/" + id + "/process",
                                "{\"operationId\": \"p1\", \"returnItems\": ["
                                        + "{\"returnItemId\": \"" + id
                                        + "-2-1\", \"refund\": {\"partialRefund\": {\"priceAmount\": {\"value\": \"5.00\", \"currency\":"
                                        + " \"EUR\"}, \"taxAmount\": {\"value\": \"1.00\", \"currency\": \"EUR\"}}}}]}")
                        .status())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(10)); // 10:20: everything else, in full
        JsonHttp.Answer rest = merchant.post(
                "/api/v1/websites/SHOP2/orderreturns/" + id + "/process",
                "{\"operationId\": \"p2\", \"returnItems\": [" + full(id + "-1-1") + "," + full(id + "-1-2") + ","
                        + full(id + "-1-3") + "," + full(id + "-2-1") + "," + full(id + "-2-2") + "]}");
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);

        String all = pull(SHOP2, SHOP2_KEY, "2026-11-22 00:00:00", 0, 100);
        xml(all).nodesByXPath("//open:return").hasSize(2);
        xml(all).valueByXPath("//open:return[1]/xsd:OrderNumber").isEqualTo("CC20050009");
        xml(all).valueByXPath("//open:return[1]/xsd:IncludedTaxEdition").isEqualTo("false");
        xml(all).valueByXPath("//open:return[1]/xsd:Valid").isEqualTo("true");
        xml(all).valueByXPath("count(//open:return[1]/xsd:Product)").isEqualTo("1");
        xml(all).valueByXPath("//open:return[1]/xsd:Product/xsd:Name").isEqualTo("Mug");
        xml(all).valueByXPath("number(//open:return[1]/xsd:Product/xsd:UnitPrice)")
                .isEqualTo("5");
        xml(all).valueByXPath("number(//open:return[1]/xsd:Product/xsd:VATRate)")
                .isEqualTo("20");
        // The second: 3 stickers at 0.10, a mug at 12.50, the other at what was left of it (7.50).
        xml(all).nodesByXPath("//open:return[2]/xsd:Product/xsd:Reference")
                .extractingText()
                .containsExactly("SKU-S", "SKU-A", "SKU-A");
        xml(all).nodesByXPath("//open:return[2]/xsd:Product/xsd:Quantity")
                .extractingText()
                .containsExactly("3.0", "1.0", "1.0");
        xml(all).nodesByXPath("//open:return[2]/xsd:Product/xsd:UnitPrice")
                .extractingText()
                .containsExactly("0.1", "7.5", "12.5");
        // Exact to the cent, as an ERP adds them up in decimals: 3 × 0.1 + 7.5 + 12.5 = 20.30, nothing more.
        assertThat(new BigDecimal("3.0")
                        .multiply(new BigDecimal("0.1"))
                        .add(new BigDecimal("7.5"))
                        .add(new BigDecimal("12.5")))
                .isEqualByComparingTo("20.30");
        assertThat(all).doesNotContain("0.30000000000000004", "0.09999999");

        List<String> numbers = xmlTexts(all, "//open:return/xsd:CreditNoteNumber");
        assertThat(numbers)
                .hasSize(2)
                .allSatisfy(n -> assertThat(n).matches("AV\\d{8}"))
                .doesNotHaveDuplicates();
        // Pulled again: the same numbers.
        assertThat(xmlTexts(
                        pull(SHOP2, SHOP2_KEY, "2026-11-22 00:00:00", 0, 100), "//open:return/xsd:CreditNoteNumber"))
                .isEqualTo(numbers);
        // The window is on their creation; paging; by order, either number.
        assertThat(xmlTexts(
                        pull(SHOP2, SHOP2_KEY, "2026-11-22 10:15:00", 0, 100), "//open:return/xsd:CreditNoteNumber"))
                .containsExactly(numbers.get(1));
        assertThat(xmlTexts(
                        pull(SHOP2, SHOP2_KEY, "2026-11-22 00:00:00", 1, 100), "//open:return/xsd:CreditNoteNumber"))
                .containsExactly(numbers.get(1));
        assertThat(xmlTexts(pull(SHOP2, SHOP2_KEY, "2026-11-22 00:00:00", 0, 1), "//open:return/xsd:CreditNoteNumber"))
                .containsExactly(numbers.get(0));
        assertThat(xmlTexts(
                        pull(SHOP2, SHOP2_KEY, "2030-01-01 00:00:00", 0, 100, "WEB-9"),
                        "//open:return/xsd:CreditNoteNumber"))
                .isEqualTo(numbers);
        assertThat(xmlTexts(
                        pull(SHOP2, SHOP2_KEY, "2026-11-22 00:00:00", 0, 100, "CC99"),
                        "//open:return/xsd:CreditNoteNumber"))
                .isEmpty();

        // The return shows each refund's credit note.
        JsonNode view = merchant.get("/api/v1/websites/SHOP2/returns/" + id).json();
        assertThat(view.get("creditNotes"))
                .extracting(c -> c.get("number").asString() + " "
                        + c.get("totalWithoutTax").asString())
                .containsExactly(numbers.get(0) + " 5.00", numbers.get(1) + " 20.30");
        assertThat(view.get("timeline"))
                .anySatisfy(e -> assertThat(e.get("note").asString("")).contains("credit note " + numbers.get(0)));
        org.opensirelay.support.OpenApiSchemas.assertMatches("Return", view);
    }

    @Test
    void aMarketplaceThatRefundsThroughTheRelayGetsACreditNoteOfWhatWasLeft() {
        JsonHttp merchant = new JsonHttp(port, SHOP2_API_TOKEN);
        merchant.put("/api/v1/websites/SHOP2/orders/WEB-9", ORDER);
        String number = merchant.post(
                        "/api/v1/websites/SHOP2/returns",
                        "{\"webOrderNumber\": \"WEB-9\", \"source\": \"channable\","
                                + " \"reason\": \"Defective\", \"lines\": [{\"lineId\": \"2\", \"quantity\": 2}]}")
                .json()
                .get("webReturnNumber")
                .asString();
        merchant.post(
                "/api/v1/websites/SHOP2/orderreturns/" + number + "/process",
                "{\"operationId\": \"p1\", \"returnItems\": ["
                        + "{\"returnItemId\": \"" + number
                        + "-1-1\", \"refund\": {\"partialRefund\": {\"priceAmount\": {\"value\": \"5.00\","
                        + " \"currency\": \"EUR\"}, \"taxAmount\": {\"value\": \"1.00\", \"currency\": \"EUR\"}}}}]}");
        // Channable: accepted = processed and refunded by the marketplace.
        JsonHttp.Answer accepted =
                merchant.post("/api/v1/websites/SHOP2/returns/" + number + "/status", "{\"status\": \"accepted\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);

        JsonNode view = merchant.get("/api/v1/websites/SHOP2/returns/" + number).json();
        assertThat(view.get("status").asString()).isEqualTo("CLOSED");
        assertThat(view.get("creditNotes"))
                .extracting(c -> c.get("totalWithoutTax").asString())
                .containsExactly("5.00", "20.00");
        assertThat(view.at("/creditNotes/1/lines"))
                .extracting(l ->
                        l.get("quantity").asInt() + " x " + l.get("unitPrice").asString())
                .containsExactly("1 x 7.50", "1 x 12.50");
        xml(pull(SHOP2, SHOP2_KEY, "2026-11-22 00:00:00", 0, 100))
                .nodesByXPath("//open:return")
                .hasSize(2);
        // Said again: unchanged, no second credit note.
        merchant.post("/api/v1/websites/SHOP2/returns/" + number + "/status", "{\"status\": \"accepted\"}");
        assertThat(count("credit_note")).isEqualTo(2);
    }

    @Test
    void aWebsiteWhoseCreditNotesAreTheShopsPassesTheCallToItsShop() {
        String answer = pull(SHOP1, SHOP1_KEY, "2026-11-22 00:00:00", 0, 100);
        assertThat(answer).contains("getOrderCreditNotesResponse");
        assertThat(SHOP.requests()).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo("getOrderCreditNotesRequest");
            assertThat(r.key()).isEqualTo(SHOP1_SHOP_KEY);
        });
    }

    private static String full(String item) {
        return "{\"returnItemId\": \"" + item
                + "\", \"refund\": {\"fullRefund\": true, \"paymentType\": \"originalFop\"}}";
    }

    private static List<String> xmlTexts(String body, String xpath) {
        try {
            var document = DocumentBuilderFactory.newDefaultNSInstance()
                    .newDocumentBuilder()
                    .parse(new org.xml.sax.InputSource(new StringReader(body)));
            var path = XPathFactory.newInstance().newXPath();
            path.setNamespaceContext(new NamespaceContext() {
                public String getNamespaceURI(String prefix) {
                    return "open".equals(prefix) ? "http://www.opensi.fr" : "http://www.opensi.fr/xsd";
                }

                public String getPrefix(String uri) {
                    return null;
                }

                public Iterator<String> getPrefixes(String uri) {
                    return List.<String>of().iterator();
                }
            });
            var nodes = (org.w3c.dom.NodeList) path.evaluate(xpath, document, XPathConstants.NODESET);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                texts.add(nodes.item(i).getTextContent());
            }
            return texts;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
