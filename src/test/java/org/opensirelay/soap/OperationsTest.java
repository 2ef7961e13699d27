package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SoapHttp.Answer;

/** getVersion, getDatetime, and what happens to requests that are not the contract's. */
class OperationsTest extends RelayIntegrationTest {

    private static final String HEADER =
            "<soapenv:Header><open:Header><open:key>%s</open:key></open:Header></soapenv:Header>";
    private static final String ENVELOPE =
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                    + " xmlns:open=\"http://www.opensi.fr\">%s<soapenv:Body>%s</soapenv:Body></soapenv:Envelope>";

    @Test
    void getDatetimeAnswersFromTheClock() {
        clock.set(Instant.parse("2026-11-22T09:08:07Z"));
        Answer answer = soap.post(envelope(SHOP1_KEY, "<open:getDatetimeRequest/>"), "text/xml");
        assertThat(answer.status()).isEqualTo(200);
        answer.xml().valueByXPath("//open:getDatetimeResponse/open:return").isEqualTo("2026-11-22 09:08:07");
    }

    @Test
    void getVersionNamesTheRelay() {
        Answer answer = soap.post(envelope(SHOP2_KEY, "<open:getVersionRequest/>"), "text/xml");
        answer.xml()
                .valueByXPath("//open:getVersionResponse/open:return")
                .asString()
                .startsWith("opensi-relay ");
    }

    @Test
    void getOperationsNeedAValidKeyToo() {
        Answer answer = soap.post(envelope("not-a-key-of-any-website", "<open:getVersionRequest/>"), "text/xml");
        FieldRulesTest.assertClientFault(answer, "AUTHENTICATION_FAILED");
    }

    @Test
    void anOperationTheContractDoesNotHaveIsAClientFault() {
        Answer answer = soap.post(envelope(SHOP1_KEY, "<open:setEverythingRequest/>"), "text/xml");
        FieldRulesTest.assertClientFault(answer, "UNKNOWN_OPERATION");
        answer.xml().valueByXPath("//faultstring").asString().contains("setEverythingRequest");
    }

    @Test
    void anOperationOfTheShopForAWebsiteWithoutAShopSaysSo() {
        Answer answer = soap.post(
                envelope(
                        SHOP1_KEY,
                        "<open:setStocksRequest><open:Website_Code>SHOP1</open:Website_Code></open:setStocksRequest>"),
                "text/xml");
        answer.xml().valueByXPath("//open:fault/open:reason").isEqualTo("PASS_THROUGH_OFF");
        answer.xml().valueByXPath("//faultstring").asString().contains("website 'SHOP1' has no shop connector");
    }

    @Test
    void twoRequestsInOneBodyAreRefusedEvenWhenTheShopWouldAnswerThem() {
        Answer answer = soap.post(
                envelope(
                        SHOP1_KEY,
                        "<open:setStocksRequest><open:Website_Code>SHOP1</open:Website_Code></open:setStocksRequest>"
                                + "<open:setCommentsRequest><open:Website_Code>SHOP1</open:Website_Code></open:setCommentsRequest>"),
                "text/xml");
        FieldRulesTest.assertClientFault(answer, "UNKNOWN_OPERATION");
        answer.xml().valueByXPath("//faultstring").asString().contains("exactly one");
    }

    @Test
    void wrongNamespaceIsAnUnknownOperation() {
        Answer answer = soap.post(
                envelope(
                        SHOP1_KEY,
                        "<setCommentsRequest xmlns=\"http://www.opensi.com\"><Website_Code>SHOP1</Website_Code></setCommentsRequest>"),
                "text/xml");
        FieldRulesTest.assertClientFault(answer, "UNKNOWN_OPERATION");
    }

    @Test
    void malformedXmlIsASoapFaultNotAPage() {
        Answer answer = soap.post(
                "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><open:x",
                "text/xml");
        assertThat(answer.status()).isEqualTo(400);
        answer.xml()
                .valueByXPath("/soap:Envelope/soap:Body/soap:Fault/faultcode")
                .isEqualTo("soap:Client");
        answer.xml()
                .valueByXPath("//faultstring")
                .asString()
                .startsWith("The request is not a well-formed SOAP envelope");
        assertThat(answer.body()).doesNotContain("<html", "Exception", "at org.");
        assertThat(storedRows()).isZero();
        assertThat(jdbc.queryForObject("SELECT outcome FROM inbound_request", String.class))
                .isEqualTo("MALFORMED_XML");
    }

    @Test
    void soap12EnvelopeIsAnsweredInSoap12() {
        String soap12 =
                "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:open=\"http://www.opensi.fr\">"
                        + "<env:Header><open:Header><open:key>" + SHOP1_KEY + "</open:key></open:Header></env:Header>"
                        + "<env:Body><open:getVersionRequest/></env:Body></env:Envelope>";
        Answer answer = soap.post(soap12, "application/soap+xml; charset=utf-8");
        assertThat(answer.body()).doesNotContain("<html", "Exception");
        assertThat(answer.status()).isEqualTo(200);
        answer.xml()
                .valueByXPath("/soap12:Envelope/soap12:Body/open:getVersionResponse/open:return")
                .asString()
                .startsWith("opensi-relay ");
    }

    @Test
    void soap12FaultsAreSoap12Faults() {
        String soap12 =
                "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:open=\"http://www.opensi.fr\">"
                        + "<env:Header><open:Header><open:key>wrong-key-wrong-key</open:key></open:Header></env:Header>"
                        + "<env:Body><open:getVersionRequest/></env:Body></env:Envelope>";
        Answer answer = soap.post(soap12, "application/soap+xml; charset=utf-8");
        assertThat(answer.status()).isEqualTo(500);
        answer.xml()
                .valueByXPath(
                        "substring-after(/soap12:Envelope/soap12:Body/soap12:Fault/soap12:Code/soap12:Value, ':')")
                .isEqualTo("Sender");
        answer.xml()
                .valueByXPath("//soap12:Fault/soap12:Detail/open:fault/open:reason")
                .isEqualTo("AUTHENTICATION_FAILED");
    }

    @Test
    void getWithoutWsdlIsRefusedWithoutInvokingAnything() {
        Answer answer = soap.get("/getVersion");
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.body()).doesNotContain("<html", "Exception", "null");
        answer.xml().valueByXPath("//soap:Fault/detail/open:fault/open:reason").isEqualTo("UNKNOWN_OPERATION");
    }

    private static String envelope(String key, String body) {
        return ENVELOPE.formatted(HEADER.formatted(key), body);
    }
}
