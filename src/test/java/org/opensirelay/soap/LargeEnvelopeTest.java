package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SoapHttp.Answer;

/** A burst of 1000 items in one envelope is stored whole, answered item by item. */
class LargeEnvelopeTest extends RelayIntegrationTest {

    @Test
    void thousandCommentsInOneEnvelope() {
        Envelope envelope = shop1("setComments-seed.xml").repeat(1000, (i, item) -> {
            Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1));
            Envelope.field(item, "WebOrderNumber").setTextContent(String.valueOf(i / 10));
        });
        Answer answer = soap.post(envelope);
        assertThat(answer.status()).isEqualTo(200);
        answer.xml().nodesByXPath("//open:return").hasSize(1000);
        answer.xml().nodesByXPath("//open:return[xsd:Code='1001']").hasSize(1000);
        answer.xml().valueByXPath("//open:return[1000]/xsd:Key").isEqualTo("1000");
        assertThat(count("order_comment")).isEqualTo(1000);
        assertThat(count("outbox")).isEqualTo(1000);

        Answer again = soap.post(envelope);
        again.xml().nodesByXPath("//open:return[xsd:Code='2001']").hasSize(1000);
        assertThat(count("outbox")).isEqualTo(1000);
    }

    @Test
    void thousandReturnDocumentsInOneEnvelope() {
        Envelope envelope = shop1("setOrderReturnDocuments-seed.xml").repeat(1000, (i, item) -> {
            Envelope.field(item, "ReturnNumber").setTextContent("RC" + (20000000 + i));
            Envelope.field(item, "Url").setTextContent("https://shop.example/returns/" + i + ".pdf");
        });
        Answer answer = soap.post(envelope);
        answer.xml().nodesByXPath("//open:return[xsd:Code='1001']").hasSize(1000);
        assertThat(count("return_document")).isEqualTo(1000);
    }

    @Test
    void oneBadItemAmongAThousandRefusesTheWholeEnvelope() {
        Envelope envelope = shop1("setOrderReturnDocuments-seed.xml").repeat(1000, (i, item) -> {
            Envelope.field(item, "ReturnNumber").setTextContent(i == 777 ? "RC-TOO-LONG-1" : "RC" + (20000000 + i));
        });
        Answer answer = soap.post(envelope);
        FieldRulesTest.assertClientFault(answer, "INVALID_REQUEST");
        answer.xml().valueByXPath("//open:violation/open:item").isEqualTo("778");
        assertThat(storedRows()).isZero();
    }
}
