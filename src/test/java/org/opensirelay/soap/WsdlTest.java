package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SoapHttp.Answer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * What SoapUI does with the URL: fetch {@code ?wsdl}, follow its schema imports over HTTP, and
 * build requests that validate. Every test fixture must validate against the schema served.
 */
class WsdlTest extends RelayIntegrationTest {

    private static final String WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
    private static final String XS_NS = "http://www.w3.org/2001/XMLSchema";

    @Test
    void wsdlDescribesTheOpensiContract() {
        Answer wsdl = soap.get("?wsdl");
        assertThat(wsdl.status()).isEqualTo(200);
        var xml = wsdl.xml()
                .withNamespaceContext(Map.of("wsdl", WSDL_NS, "soapb", "http://schemas.xmlsoap.org/wsdl/soap/"));
        xml.valueByXPath("/wsdl:definitions/@targetNamespace").isEqualTo("http://www.opensi.fr");
        xml.valueByXPath("/wsdl:definitions/wsdl:service/@name").isEqualTo("opensiService");
        xml.valueByXPath("/wsdl:definitions/wsdl:service/wsdl:port/@name").isEqualTo("opensiPort");
        xml.valueByXPath("/wsdl:definitions/wsdl:binding/@name").isEqualTo("opensiBinding");
        xml.valueByXPath("/wsdl:definitions/wsdl:portType/@name").isEqualTo("opensiPortType");
        xml.valueByXPath("/wsdl:definitions/wsdl:binding/soapb:binding/@style").isEqualTo("document");
        xml.valueByXPath("/wsdl:definitions/wsdl:service/wsdl:port/soapb:address/@location")
                .isEqualTo("http://localhost:" + port + "/soap/opensi");
        xml.nodesByXPath("/wsdl:definitions/wsdl:binding/wsdl:operation/@name")
                .extractingText()
                .containsExactlyInAnyOrder(
                        "setOrderReturnDocuments",
                        "setComments",
                        "setOrderReturnStates",
                        "getOrderReturns",
                        "getOrderCreditNotes",
                        "getVersion",
                        "getDatetime");
        xml.nodesByXPath("/wsdl:definitions/wsdl:binding/wsdl:operation[soapb:operation/@soapAction='']")
                .hasSize(7);
        xml.nodesByXPath("/wsdl:definitions/wsdl:binding/wsdl:operation/wsdl:input/soapb:header[@part='header']")
                .hasSize(7);
        xml.nodesByXPath("/wsdl:definitions/wsdl:portType/wsdl:operation/wsdl:fault[@name='fault']")
                .hasSize(7);
    }

    @Test
    void schemaImportsResolveOverHttpAndEveryFixtureValidates() throws Exception {
        Document wsdl = parse(soap.get("?wsdl").body());
        List<String> imports = schemaLocations(wsdl);
        assertThat(imports).singleElement().asString().startsWith("http://localhost:" + port + "/soap/opensi?xsd=");

        // The message schema imports the item types schema: both must come over HTTP.
        Document messages = parse(fetch(imports.get(0)));
        assertThat(schemaLocations(messages)).singleElement().asString().contains("?xsd=opensi-types.xsd");

        Schema served = SchemaFactory.newDefaultInstance().newSchema(new URL(imports.get(0)));
        List<Path> fixtures;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/soap"))) {
            fixtures = files.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(2);
        for (Path fixture : fixtures) {
            Envelope envelope = Envelope.fixture(fixture.getFileName().toString(), SHOP1_KEY, SHOP1);
            Element header = (Element) envelope.request()
                    .getOwnerDocument()
                    .getElementsByTagNameNS(Envelope.NS, "Header")
                    .item(0);
            served.newValidator().validate(new DOMSource(envelope.request()));
            served.newValidator().validate(new DOMSource(header));
        }
    }

    @Test
    void servedSchemaRefusesWhatTheRelayRefuses() throws Exception {
        String location = schemaLocations(parse(soap.get("?wsdl").body())).get(0);
        Schema served = SchemaFactory.newDefaultInstance().newSchema(new URL(location));
        Envelope tooLong = shop1("setOrderReturnDocuments-seed.xml").set("ReturnNumber", "RC200500011");
        assertThat(catchThrowable(() -> served.newValidator().validate(new DOMSource(tooLong.request()))))
                .hasMessageContaining("maxLength");
    }

    private static List<String> schemaLocations(Document document) {
        List<String> locations = new ArrayList<>();
        NodeList imports = document.getElementsByTagNameNS(XS_NS, "import");
        for (int i = 0; i < imports.getLength(); i++) {
            locations.add(((Element) imports.item(i)).getAttribute("schemaLocation"));
        }
        return locations;
    }

    private static String fetch(String url) throws IOException {
        try (var in = URI.create(url).toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
