package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.contract.SetCommentsRequest;
import org.opensirelay.opensi.ContractItems;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.opensi.OrderComment;
import org.xmlunit.assertj3.XmlAssert;

/** The delivery envelopes as bytes: the request as the contract writes it, and every kind of answer read back. */
@Tag("unit")
class ShopEnvelopeTest {

    private static final ShopEnvelope ENVELOPES = new ShopEnvelope();
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRequestCarriesTheKeyInTheHeaderAndTheItemsInTheBody() {
        SetCommentsRequest request = new SetCommentsRequest();
        request.setWebsiteCode("WEB-FR");
        request.getComment()
                .add(ContractItems.toContract(
                        new OrderComment(7, "CC20050001", "W6", "Déjà vu & <co>", "2020-05-01", true, false)));

        String xml = new String(ENVELOPES.request("shop-key-1", request), StandardCharsets.UTF_8);

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope");
        XmlAssert.assertThat(xml)
                .withNamespaceContext(
                        Map.of("soap", SOAP, "open", "http://www.opensi.fr", "xsd", "http://www.opensi.fr/xsd"))
                .valueByXPath("/soap:Envelope/soap:Header/open:Header/open:key")
                .isEqualTo("shop-key-1");
        XmlAssert.assertThat(xml)
                .withNamespaceContext(
                        Map.of("soap", SOAP, "open", "http://www.opensi.fr", "xsd", "http://www.opensi.fr/xsd"))
                .valueByXPath("/soap:Envelope/soap:Body/open:setCommentsRequest/open:Comment/xsd:Comment")
                .isEqualTo("Déjà vu & <co>");
    }

    @Test
    void anAnswerIsReadEntryByEntryPastAnEmptyHeader() {
        ShopEnvelope.Answer answer = ENVELOPES.read(
                bytes("<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"" + SOAP + "\"><s:Header/><s:Body>"
                        + "<setCommentsResponse xmlns=\"http://www.opensi.fr\" xmlns:x=\"http://www.opensi.fr/xsd\">"
                        + "<return><x:Key>7</x:Key><x:Code>1001</x:Code><x:Message>OK</x:Message></return>"
                        + "<return><x:Key>8</x:Key><x:Code>3002</x:Code><x:Message>Order not found</x:Message></return>"
                        + "</setCommentsResponse></s:Body></s:Envelope>"),
                "setCommentsResponse");
        assertThat(answer)
                .isEqualTo(new ShopEnvelope.Entries(
                        List.of(new ItemAnswer("7", 1001, "OK"), new ItemAnswer("8", 3002, "Order not found"))));
    }

    @Test
    void aFaultIsReadAsTheWholeCallRefused() {
        assertThat(ENVELOPES.read(
                        bytes("<soap:Envelope xmlns:soap=\"" + SOAP + "\"><soap:Body><soap:Fault>"
                                + "<faultcode>soap:Client</faultcode>"
                                + "<faultstring>Authentification failed, please check your credentials!</faultstring>"
                                + "<detail><x/></detail></soap:Fault></soap:Body></soap:Envelope>"),
                        "setCommentsResponse"))
                .isEqualTo(new ShopEnvelope.Fault(
                        "soap:Client", "Authentification failed, please check your credentials!"));
    }

    @Test
    void whatIsNoAnswerOfTheOperationIsSaidSo() {
        assertThat(read("")).isEqualTo(new ShopEnvelope.Unreadable("it is empty"));
        assertThat(read("<html><body>Maintenance</body></html>"))
                .isEqualTo(new ShopEnvelope.Unreadable("it is no SOAP 1.1 envelope"));
        assertThat(read("<soap:Envelope xmlns:soap=\"" + SOAP + "\"><soap:Body/></soap:Envelope>"))
                .isEqualTo(new ShopEnvelope.Unreadable("its SOAP body is empty"));
        assertThat(read("<soap:Envelope xmlns:soap=\"" + SOAP + "\"><soap:Body>"
                        + "<setStatesResponse xmlns=\"http://www.opensi.fr\"/></soap:Body></soap:Envelope>"))
                .isEqualTo(new ShopEnvelope.Unreadable(
                        "its SOAP body holds {http://www.opensi.fr}setStatesResponse, not setCommentsResponse"));
        assertThat(read("<soap:Envelope xmlns:soap=\"" + SOAP + "\"><soap:Body><setCommentsResponse"))
                .isInstanceOf(ShopEnvelope.Unreadable.class)
                .extracting(a -> ((ShopEnvelope.Unreadable) a).why())
                .asString()
                .startsWith("it is not well-formed XML");
    }

    @Test
    void aDocumentTypeDeclarationIsNotFollowed() {
        assertThat(read("<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                        + "<soap:Envelope xmlns:soap=\"" + SOAP + "\"><soap:Body><setCommentsResponse"
                        + " xmlns=\"http://www.opensi.fr\"><return><Key xmlns=\"http://www.opensi.fr/xsd\">&x;</Key>"
                        + "</return></setCommentsResponse></soap:Body></soap:Envelope>"))
                .isInstanceOf(ShopEnvelope.Unreadable.class);
    }

    private static ShopEnvelope.Answer read(String answer) {
        return ENVELOPES.read(bytes(answer), "setCommentsResponse");
    }
}
