package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import org.opensirelay.support.SoapHttp.Answer;

/**
 * What a real connector accepts without losing anything, the relay accepts too (issue 23, part 2):
 * the fields of a "get" request written in the contract's other namespace, as node {@code soap}
 * writes them, and a CommentDate in the ERP's own date-time form. What differs is said in the
 * request's log line and audit row; a field in any third namespace is still refused, and the
 * refusal names the namespaces.
 */
class LenientReadingTest extends RelayWithShopTest {

    private String getOrderReturnsWithFieldsIn(String prefix, String namespace) {
        return Envelope.fixture("getOrderReturns-window.xml", SHOP1_KEY, SHOP1)
                .toString()
                .replace("<open:getOrderReturnsRequest>", "<open:getOrderReturnsRequest xmlns:f=\"" + namespace + "\">")
                .replaceAll(
                        "<(/?)xsd:(Datetime_Min|Datetime_Max|Range_Min|Range_Max|Website_Code)",
                        "<$1" + prefix + ":$2");
    }

    @Test
    void aGetRequestWhoseFieldsComeInTheMessageNamespaceIsReadAsTheContractSays() {
        JsonHttp shopApi = new JsonHttp(port, SHOP1_API_TOKEN);
        shopApi.put("/api/v1/websites/SHOP1/orders/WEB-1", ReturnFixtures.ORDER);
        shopApi.post("/api/v1/websites/SHOP1/returns", ReturnFixtures.returnOf("{\"lineId\": \"1\", \"quantity\": 1}"));

        Answer answer = soap.post(getOrderReturnsWithFieldsIn("open", Envelope.NS), "text/xml; charset=utf-8");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        answer.xml().nodesByXPath("//open:return").hasSize(1);
        assertThat(jdbc.queryForObject(
                        "SELECT detail FROM inbound_request WHERE operation = 'getOrderReturns'", String.class))
                .contains("tolerated: {http://www.opensi.fr}Datetime_Min", "{http://www.opensi.fr}Website_Code");
    }

    @Test
    void aFieldInAThirdNamespaceIsRefusedAndTheMessageNamesBothNamespaces() {
        Answer answer = soap.post(getOrderReturnsWithFieldsIn("f", "urn:other"), "text/xml; charset=utf-8");
        assertThat(answer.status()).isEqualTo(500);
        answer.xml().valueByXPath("//open:fault/open:reason").isEqualTo("INVALID_REQUEST");
        answer.xml()
                .valueByXPath("//faultstring")
                .asString()
                .contains("found {urn:other}Datetime_Min where {http://www.opensi.fr/xsd}Datetime_Min was expected");
    }

    @Test
    void aCommentDateInTheErpsOwnDateTimeFormIsAcceptedAndOrdersTheOrdersComments() {
        // Comment 1 at 10:11:12, comment 2 at midnight the same day: the shop gets 2, then 1.
        Answer answer = soap.post(shop1("setComments-seed.xml").repeat(2, (i, item) -> {
            Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1));
            Envelope.field(item, "CommentDate").setTextContent(i == 0 ? "2020-05-01 10:11:12" : "2020-05-01");
        }));
        answer.xml().valueByXPath("count(//xsd:Code[.='1001'])").isEqualTo("2");
        deliverShop1();
        List<Map<String, String>> received = SHOP.items("setCommentsRequest");
        assertThat(received).extracting(item -> item.get("CommentId")).containsExactly("2", "1");
        assertThat(received.get(1).get("CommentDate")).isEqualTo("2020-05-01 10:11:12");
    }

    @Test
    void anImpossibleErpDateTimeIsStillRefusedNamingTheField() {
        for (String impossible : new String[] {"2020-13-01 10:11:12", "2020-05-01 24:00:00", "2020-05-01  10:11:12"}) {
            Answer answer = soap.post(shop1("setComments-seed.xml").set("CommentDate", impossible));
            answer.xml().valueByXPath("//open:violation/open:field").isEqualTo("CommentDate");
            answer.xml().valueByXPath("//faultstring").asString().contains("YYYY-MM-DD hh:mm:ss");
        }
        assertThat(count("order_comment")).isZero();
    }

    @Test
    void anElementTheContractDoesNotHaveIsIgnoredAndSaidAndFieldsInAnotherOrderAreRead() {
        // What PHP's SoapServer does with them (LenientDifferentialTest): the contract's fields are all there.
        Answer unknown = soap.post(
                shop1("setComments-seed.xml")
                        .toString()
                        .replace("<xsd:SendMail>", "<xsd:Admin>true</xsd:Admin><xsd:SendMail>"),
                "text/xml; charset=utf-8");
        unknown.xml().valueByXPath("//xsd:Code").isEqualTo("1001");
        String reordered = shop1("setComments-seed.xml")
                .set("CommentId", "2")
                .toString()
                .replaceAll(
                        "(<xsd:OrderNumber>[^<]*</xsd:OrderNumber>)(\\s*)(<xsd:WebOrderNumber>[^<]*</xsd:WebOrderNumber>)",
                        "$3$2$1");
        soap.post(reordered, "text/xml; charset=utf-8")
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        assertThat(jdbc.queryForList("SELECT detail FROM inbound_request ORDER BY id", String.class))
                .containsExactly(
                        "tolerated: {http://www.opensi.fr/xsd}Admin ignored (not part of the contract)",
                        "tolerated: fields read in the contract's order");
        assertThat(jdbc.queryForObject("SELECT order_number FROM order_comment WHERE comment_id = 2", String.class))
                .isEqualTo("CC20050001");
    }

    @Test
    void aFieldGivenTwiceIsStillRefused() {
        String twice = shop1("setComments-seed.xml")
                .toString()
                .replace(
                        "<xsd:CommentId>1</xsd:CommentId>",
                        "<xsd:CommentId>1</xsd:CommentId><xsd:CommentId>2</xsd:CommentId>");
        Answer answer = soap.post(twice, "text/xml; charset=utf-8");
        answer.xml().valueByXPath("//open:fault/open:reason").isEqualTo("INVALID_REQUEST");
        assertThat(count("order_comment")).isZero();
    }
}
