package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SoapHttp.Answer;

/** The two envelopes of the OpenSi articles, as an ERP posts them: created, duplicate, updated. */
class SeedEnvelopeTest extends RelayIntegrationTest {

    @Test
    void seedCommentIsCreatedThenDuplicateThenUpdated() {
        Answer first = soap.post(shop1("setComments-seed.xml"));
        assertThat(first.status()).isEqualTo(200);
        first.xml()
                .nodesByXPath("/soap:Envelope/soap:Body/open:setCommentsResponse/open:return")
                .hasSize(1);
        first.xml().valueByXPath("//open:return/xsd:Key").isEqualTo("1");
        first.xml().valueByXPath("//open:return/xsd:Code").isEqualTo("1001");

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM order_comment");
        assertThat(row)
                .containsEntry("ORDER_NUMBER", "CC20050001")
                .containsEntry("WEB_ORDER_NUMBER", "1")
                .containsEntry("COMMENT_ID", 1)
                .containsEntry("COMMENT_DATE", "2020-05-01")
                .containsEntry("SEND_MAIL", true)
                .containsEntry("VISIBLE_FOR_CUSTOMER", true)
                .containsEntry("VERSION", 1);
        assertThat((String) row.get("COMMENT_TEXT")).startsWith("L'article demo_1_ws (couleur blanche)");
        assertThat(count("outbox")).isEqualTo(1);

        Answer again = soap.post(shop1("setComments-seed.xml"));
        again.xml().valueByXPath("//open:return/xsd:Code").isEqualTo("2001");
        again.xml().valueByXPath("//open:return/xsd:Key").isEqualTo("1");
        assertThat(count("outbox")).as("a duplicate is not delivered again").isEqualTo(1);

        Answer changed = soap.post(shop1("setComments-seed.xml").set("VisibleForCustomer", "false"));
        changed.xml().valueByXPath("//open:return/xsd:Code").isEqualTo("1002");
        assertThat(jdbc.queryForMap("SELECT visible_for_customer, version FROM order_comment"))
                .containsEntry("VISIBLE_FOR_CUSTOMER", false)
                .containsEntry("VERSION", 2);
        assertThat(jdbc.queryForList("SELECT item_version FROM outbox ORDER BY id", Integer.class))
                .containsExactly(1, 2);
    }

    @Test
    void seedReturnDocumentIsCreatedThenDuplicateThenUpdated() {
        Answer first = soap.post(shop1("setOrderReturnDocuments-seed.xml"));
        assertThat(first.status()).isEqualTo(200);
        first.xml()
                .valueByXPath("/soap:Envelope/soap:Body/open:setOrderReturnDocumentsResponse/open:return/xsd:Code")
                .isEqualTo("1001");
        first.xml().valueByXPath("//open:return/xsd:Key").isEqualTo("RC20050001");
        assertThat(jdbc.queryForMap("SELECT return_number, web_return_number, url FROM return_document"))
                .containsEntry("RETURN_NUMBER", "RC20050001")
                .containsEntry("WEB_RETURN_NUMBER", "1")
                .containsEntry("URL", "https://shop.example/returns/RC20050001.pdf");

        soap.post(shop1("setOrderReturnDocuments-seed.xml"))
                .xml()
                .valueByXPath("//open:return/xsd:Code")
                .isEqualTo("2001");

        soap.post(shop1("setOrderReturnDocuments-seed.xml").set("Url", "https://shop.example/returns/v2.pdf"))
                .xml()
                .valueByXPath("//open:return/xsd:Code")
                .isEqualTo("1002");
        assertThat(jdbc.queryForObject("SELECT url FROM return_document", String.class))
                .isEqualTo("https://shop.example/returns/v2.pdf");
        assertThat(count("outbox")).isEqualTo(2);
    }

    @Test
    void websitesKeepSeparateItemsUnderTheSameNaturalKey() {
        soap.post(shop1("setComments-seed.xml"))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        soap.post(Envelope.fixture("setComments-seed.xml", SHOP2_KEY, SHOP2))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        assertThat(count("order_comment")).isEqualTo(2);
    }

    @Test
    void itemsOfOneRequestApplyInOrder() {
        Envelope envelope = shop1("setComments-seed.xml").repeat(3, (i, item) -> {
            if (i == 2) {
                Envelope.field(item, "Comment").setTextContent("Changed in the same request");
            }
        });
        Answer answer = soap.post(envelope);
        answer.xml().nodesByXPath("//open:return").hasSize(3);
        answer.xml().valueByXPath("//open:return[1]/xsd:Code").isEqualTo("1001");
        answer.xml().valueByXPath("//open:return[2]/xsd:Code").isEqualTo("2001");
        answer.xml().valueByXPath("//open:return[3]/xsd:Code").isEqualTo("1002");
        assertThat(jdbc.queryForObject("SELECT comment_text FROM order_comment", String.class))
                .isEqualTo("Changed in the same request");
        assertThat(jdbc.queryForList("SELECT item_version FROM outbox", Integer.class))
                .as("one outbox row for the final version")
                .containsExactly(2);
    }

    @Test
    void requestWithoutItemsGetsOneSchemaValidEntry() {
        Answer answer = soap.post(shop1("setOrderReturnDocuments-seed.xml").withoutItems());
        assertThat(answer.status()).isEqualTo(200);
        answer.xml().nodesByXPath("//open:return").hasSize(1);
        answer.xml().valueByXPath("//open:return/xsd:Code").isEqualTo("1000");
        answer.xml().valueByXPath("//open:return/xsd:Key").isEqualTo(SHOP1);
        assertThat(storedRows()).isZero();
    }

    @Test
    void everyRequestIsAuditedWithoutItsKey() {
        soap.post(shop1("setComments-seed.xml"));
        soap.post(shop1("setComments-seed.xml"));
        Map<String, Object> last = jdbc.queryForMap("SELECT * FROM inbound_request ORDER BY id DESC LIMIT 1");
        assertThat(last)
                .containsEntry("WEBSITE_CODE", SHOP1)
                .containsEntry("OPERATION", "setComments")
                .containsEntry("ITEM_COUNT", 1)
                .containsEntry("OUTCOME", "ACCEPTED")
                .containsEntry("CREATED_COUNT", 0)
                .containsEntry("DUPLICATE_COUNT", 1);
        assertThat(jdbc.queryForList("SELECT CAST(detail AS VARCHAR(1000)) FROM inbound_request", String.class))
                .allSatisfy(detail -> assertThat(String.valueOf(detail)).doesNotContain(SHOP1_KEY));
    }
}
