package org.opensirelay.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.soap.LimitedXmlInputFactory;
import org.opensirelay.soap.XmlLimits;

/** What is read of an envelope before it is passed on, and that only the key (and a differing Website_Code) change. */
@Tag("unit")
class ForwardedBodyTest {

    private static final XMLInputFactory FACTORY = LimitedXmlInputFactory.create(
            new XmlLimits(4_194_304, 32, 20_000, 5_000, 20, 1024, 1_048_576, Duration.ofSeconds(10)));

    private static final String SET_STOCKS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:o="http://www.opensi.fr">
              <s:Header><o:Header><!-- the ERP's --><o:key> K&#x45;Y-é </o:key></o:Header></s:Header>
              <s:Body><o:setStocksRequest><o:Website_Code>Côté-1</o:Website_Code><o:Stock><x:Reference xmlns:x="http://www.opensi.fr/xsd">🌳</x:Reference></o:Stock></o:setStocksRequest></s:Body>
            </s:Envelope>""";

    @Test
    void readsTheVersionTheOperationTheKeyAndTheWebsiteCode() throws XMLStreamException {
        EnvelopeHead head = EnvelopeHead.read(SET_STOCKS, FACTORY);

        assertThat(head.soap12()).isFalse();
        assertThat(head.operation()).isEqualTo("setStocks");
        assertThat(head.key()).isEqualTo("KEY-é");
        assertThat(head.websiteCode()).isEqualTo("Côté-1");
    }

    @Test
    void replacesTheKeyAndTheWebsiteCodeAndNotOneOtherByte() throws Exception {
        EnvelopeHead head = EnvelopeHead.read(SET_STOCKS, FACTORY);
        byte[] original = SET_STOCKS.getBytes(StandardCharsets.UTF_8);

        ForwardedBody body = new ForwardedBody(
                original,
                SET_STOCKS,
                List.of(
                        new ForwardedBody.Replacement(head.keyText(), "shop<key>&1"),
                        new ForwardedBody.Replacement(head.websiteCodeText(), "WEB")));

        String expected =
                SET_STOCKS.replace(" K&#x45;Y-é ", "shop&lt;key&gt;&amp;1").replace(">Côté-1<", ">WEB<");
        assertThat(written(body)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(body.length()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aGetRequestsWebsiteCodeIsReadInEitherNamespaceAndANilOneIsNone() throws XMLStreamException {
        String get = """
                <e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:o="http://www.opensi.fr" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
                <e:Body><o:getOrdersRequest><o:Datetime_Min>2026-01-01 00:00:00</o:Datetime_Min><%s:Website_Code%s</o:getOrdersRequest></e:Body></e:Envelope>""";

        EnvelopeHead inTypes = EnvelopeHead.read(
                get.formatted("t", " xmlns:t=\"http://www.opensi.fr/xsd\">W1</t:Website_Code>"), FACTORY);
        EnvelopeHead inMessages = EnvelopeHead.read(get.formatted("o", ">W1</o:Website_Code>"), FACTORY);
        EnvelopeHead nil = EnvelopeHead.read(get.formatted("o", " i:nil=\"true\"/>"), FACTORY);

        assertThat(inTypes.soap12()).isTrue();
        assertThat(inTypes.websiteCode()).isEqualTo("W1");
        assertThat(inMessages.websiteCode()).isEqualTo("W1");
        assertThat(nil.websiteCode()).isNull();
        assertThat(nil.key()).isNull();
        assertThat(nil.operation()).isEqualTo("getOrders");
    }

    @Test
    void whatIsNoSoapRequestIsLeftToTheEndpoint() throws XMLStreamException {
        assertThat(EnvelopeHead.read("<Envelope/>", FACTORY)).isNull();
        assertThat(EnvelopeHead.read(
                        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>",
                        FACTORY))
                .isNull();
        assertThat(EnvelopeHead.read(
                        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:o=\"http://www.opensi.fr\">"
                                + "<s:Body><o:setStocksRequest><o:Website_Code>W</o:Website_Code></o:setStocksRequest><o:setPricesRequest/></s:Body></s:Envelope>",
                        FACTORY))
                .as("two requests in one body")
                .isNull();
    }

    @Test
    void aSecondKeyOrWebsiteCodeIsSeenWhereverItStands() throws XMLStreamException {
        String twoKeys = SET_STOCKS.replace("</o:Header>", "</o:Header><o:Header><o:key>OTHER</o:key></o:Header>");
        String twoCodes = SET_STOCKS.replace(
                "<o:Stock>",
                "<o:Stock><x:Reference xmlns:x=\"http://www.opensi.fr/xsd\">A</x:Reference></o:Stock>"
                        + "<t:Website_Code xmlns:t=\"http://www.opensi.fr/xsd\">OTHER</t:Website_Code><o:Stock>");
        String nilThenCode = """
                <e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:o="http://www.opensi.fr" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
                <e:Body><o:getOrdersRequest><o:Website_Code i:nil="true"/><o:Website_Code>W2</o:Website_Code></o:getOrdersRequest></e:Body></e:Envelope>""";

        EnvelopeHead keys = EnvelopeHead.read(twoKeys, FACTORY);
        EnvelopeHead codes = EnvelopeHead.read(twoCodes, FACTORY);
        EnvelopeHead nil = EnvelopeHead.read(nilThenCode, FACTORY);

        assertThat(keys.repeated()).isEqualTo("key");
        assertThat(keys.repeatedTimes()).isEqualTo(2);
        assertThat(keys.key()).as("the first, which is the one checked").isEqualTo("KEY-é");
        assertThat(codes.repeated()).isEqualTo("Website_Code");
        assertThat(nil.repeated()).isEqualTo("Website_Code");
        assertThat(EnvelopeHead.read(SET_STOCKS, FACTORY).repeated()).isNull();
    }

    private static byte[] written(ForwardedBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        return out.toByteArray();
    }
}
