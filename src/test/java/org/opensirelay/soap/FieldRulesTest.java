package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SoapHttp.Answer;

/**
 * The field rules of the OpenSi articles (SWO-G081, SWO-G040), enforced from the schema: each limit
 * admits its length and refuses one more, every field is mandatory, and a refusal names every
 * violation and stores nothing.
 */
class FieldRulesTest extends RelayIntegrationTest {

    private static final String DOCUMENTS = "setOrderReturnDocuments-seed.xml";
    private static final String COMMENTS = "setComments-seed.xml";

    @ParameterizedTest(name = "{1} admits {2} characters and refuses {2}+1")
    @CsvSource({
        DOCUMENTS + ", ReturnNumber,    10",
        DOCUMENTS + ", WebReturnNumber, 20",
        DOCUMENTS + ", Url,             200",
        COMMENTS + ",  OrderNumber,     11",
        COMMENTS + ",  WebOrderNumber,  20"
    })
    void lengthLimits(String fixture, String field, int limit) {
        Answer atLimit = soap.post(shop1(fixture).set(field, valueOfLength(field, limit)));
        assertThat(atLimit.status()).isEqualTo(200);
        atLimit.xml().valueByXPath("//open:return/xsd:Code").isEqualTo("1001");
        int stored = storedRows();

        Answer over = soap.post(shop1(fixture).set(field, valueOfLength(field, limit + 1)));
        assertClientFault(over, "INVALID_REQUEST");
        over.xml().nodesByXPath("//open:fault/open:violation").hasSize(1);
        over.xml().valueByXPath("//open:violation/open:field").isEqualTo(field);
        over.xml().valueByXPath("//open:violation/open:rule").isEqualTo("maxLength");
        over.xml().valueByXPath("//open:violation/open:limit").isEqualTo(String.valueOf(limit));
        over.xml().valueByXPath("//open:violation/open:length").isEqualTo(String.valueOf(limit + 1));
        over.xml().valueByXPath("//open:violation/open:item").isEqualTo("1");
        over.xml().valueByXPath("//faultstring").asString().contains(field);
        assertThat(storedRows()).as("a refused request changes nothing").isEqualTo(stored);
    }

    @Test
    void commentIdIsAnIntOfAtMostElevenCharacters() {
        soap.post(shop1(COMMENTS).set("CommentId", "-2147483648"))
                .xml()
                .valueByXPath("//open:return/xsd:Code")
                .isEqualTo("1001");
        for (String refused : new String[] {"-02147483648", "2147483648", "abc", "1.5", ""}) {
            Answer answer = soap.post(shop1(COMMENTS).set("CommentId", refused));
            assertClientFault(answer, "INVALID_REQUEST");
            answer.xml().valueByXPath("//open:violation/open:field").isEqualTo("CommentId");
        }
        assertThat(count("order_comment")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1} is missing")
    @CsvSource({
        DOCUMENTS + ", ReturnNumber",
        DOCUMENTS + ", WebReturnNumber",
        DOCUMENTS + ", Url",
        COMMENTS + ", OrderNumber",
        COMMENTS + ", WebOrderNumber",
        COMMENTS + ", CommentId",
        COMMENTS + ", Comment",
        COMMENTS + ", CommentDate",
        COMMENTS + ", SendMail",
        COMMENTS + ", VisibleForCustomer"
    })
    void everyFieldIsMandatory(String fixture, String field) {
        Answer answer = soap.post(shop1(fixture).remove(field));
        assertClientFault(answer, "INVALID_REQUEST");
        answer.xml().valueByXPath("//open:violation/open:field").isEqualTo(field);
        answer.xml().valueByXPath("//open:violation/open:rule").isEqualTo("required");
        answer.xml().valueByXPath("//open:violation/open:item").isEqualTo("1");
        assertThat(storedRows()).isZero();
    }

    @ParameterizedTest(name = "{0} {1} empty")
    @CsvSource({
        DOCUMENTS + ", ReturnNumber",
        DOCUMENTS + ", WebReturnNumber",
        DOCUMENTS + ", Url",
        COMMENTS + ", OrderNumber",
        COMMENTS + ", WebOrderNumber",
        COMMENTS + ", Comment",
        COMMENTS + ", CommentDate"
    })
    void emptyFieldsAreRefused(String fixture, String field) {
        Answer answer = soap.post(shop1(fixture).set(field, "   "));
        assertClientFault(answer, "INVALID_REQUEST");
        answer.xml().valueByXPath("//open:violation/open:field").isEqualTo(field);
        assertThat(storedRows()).isZero();
    }

    @ParameterizedTest(name = "{0} = {1} accepted: {2}")
    @CsvSource({
        "CommentDate,        2020-05-01,           true",
        "CommentDate,        2020-05-01T10:30:00,  true",
        "CommentDate,        2020-05-01T10:30:00Z, true",
        "CommentDate,        2020-13-01,           false",
        "CommentDate,        01/05/2020,           false",
        "CommentDate,        2020-02-30,           false",
        "SendMail,           1,                    true",
        "SendMail,           0,                    true",
        "SendMail,           false,                true",
        "SendMail,           yes,                  false",
        "VisibleForCustomer, TRUE,                 false"
    })
    void datesAndBooleans(String field, String value, boolean accepted) {
        Answer answer = soap.post(shop1(COMMENTS).set(field, value));
        if (accepted) {
            answer.xml().valueByXPath("//open:return/xsd:Code").isEqualTo("1001");
        } else {
            assertClientFault(answer, "INVALID_REQUEST");
            answer.xml().valueByXPath("//open:violation/open:field").isEqualTo(field);
            answer.xml().valueByXPath("//open:violation/open:rule").isEqualTo("type");
            assertThat(storedRows()).isZero();
        }
    }

    @Test
    void onlyHttpUrlsAreAcceptedForReturnSlips() {
        for (String url :
                new String[] {"javascript:alert(1)", "data:text/html,hi", "ftp://host/file", "https://has space"}) {
            Answer answer = soap.post(shop1(DOCUMENTS).set("Url", url));
            assertClientFault(answer, "INVALID_REQUEST");
            answer.xml().valueByXPath("//open:violation/open:rule").isEqualTo("pattern");
        }
        soap.post(shop1(DOCUMENTS).set("Url", "http://shop.example/slip?id=1"))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
    }

    /**
     * The Url and Comment rules are patterns, and the JDK's schema validator matches patterns in time
     * growing with the square of the length (a 500,000-character comment took about 25 s of CPU):
     * one request could hold a worker for that long. The relay checks them itself, in linear time.
     */
    @Test
    void longValuesAreJudgedInLinearTimeNotQuadratic() {
        String longText = "x".repeat(500_000);
        long start = System.nanoTime();
        soap.post(shop1(COMMENTS).set("Comment", longText))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        Answer longUrl = soap.post(shop1(DOCUMENTS).set("Url", "https://shop.example/" + longText));
        assertClientFault(longUrl, "INVALID_REQUEST");
        longUrl.xml().valueByXPath("//open:violation/open:rule").isEqualTo("maxLength");
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("milliseconds for both")
                .isLessThan(5_000);
        Answer blank = soap.post(shop1(COMMENTS).set("Comment", " \n\t".repeat(100_000)));
        assertClientFault(blank, "INVALID_REQUEST");
        blank.xml().valueByXPath("//open:violation/open:rule").isEqualTo("pattern");
    }

    @Test
    void everyViolationOfEveryItemIsListed() {
        Envelope envelope = shop1(COMMENTS).repeat(5, (i, item) -> {
            Envelope.field(item, "CommentId").setTextContent(String.valueOf(100 + i));
            switch (i) {
                case 0 -> Envelope.field(item, "OrderNumber").setTextContent("CC2005000199");
                case 2 -> Envelope.field(item, "CommentDate").setTextContent("01/05/2020");
                case 4 -> item.removeChild(Envelope.field(item, "SendMail"));
                default -> {}
            }
        });
        Answer answer = soap.post(envelope);
        assertClientFault(answer, "INVALID_REQUEST");
        answer.xml().nodesByXPath("//open:violation").hasSize(3);
        answer.xml().valueByXPath("//open:violation[1]/open:item").isEqualTo("1");
        answer.xml().valueByXPath("//open:violation[1]/open:field").isEqualTo("OrderNumber");
        answer.xml().valueByXPath("//open:violation[2]/open:item").isEqualTo("3");
        answer.xml().valueByXPath("//open:violation[2]/open:field").isEqualTo("CommentDate");
        answer.xml().valueByXPath("//open:violation[3]/open:item").isEqualTo("5");
        answer.xml().valueByXPath("//open:violation[3]/open:field").isEqualTo("SendMail");
        answer.xml()
                .valueByXPath("//faultstring")
                .asString()
                .contains("Comment[1]/OrderNumber", "Comment[3]/CommentDate", "Comment[5]/SendMail");
        assertThat(storedRows())
                .as("valid items of a refused request are not stored either")
                .isZero();
    }

    @Test
    void anElementTheContractDoesNotHaveIsIgnoredAndTheItemStoredWhole() {
        // As PHP's SoapServer, on which the real connector runs, reads it (LenientReadingTest,
        // LenientDifferentialTest).
        Envelope envelope = shop1(DOCUMENTS);
        var item = envelope.items().get(0);
        var extra = item.getOwnerDocument().createElementNS(Envelope.TYPES_NS, "xsd:Status");
        extra.setTextContent("x");
        item.appendChild(extra);
        Answer answer = soap.post(envelope);
        answer.xml().valueByXPath("//open:return/xsd:Code").isEqualTo("1001");
        assertThat(count("return_document")).isEqualTo(1);
    }

    static void assertClientFault(Answer answer, String reason) {
        assertThat(answer.status()).isEqualTo(500);
        answer.xml()
                .valueByXPath("/soap:Envelope/soap:Body/soap:Fault/faultcode")
                .isEqualTo("soap:Client");
        answer.xml().valueByXPath("//soap:Fault/detail/open:fault/open:reason").isEqualTo(reason);
    }

    private static String valueOfLength(String field, int length) {
        if (field.equals("Url")) {
            return "https://" + "a".repeat(length - "https://".length());
        }
        return "9".repeat(length);
    }
}
