package org.opensirelay.soapui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opensirelay.soap.SoapEndpoint;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SoapHttp.Answer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The SoapUI project we ship ({@code soapui/opensi-relay-soapui-project.xml}) is run by our own
 * suite, since no SoapUI runner is at hand: every sample request and every test step is posted with
 * the project's properties pointed at the relay, and every assertion of the steps is checked (SOAP
 * Response, SOAP Fault, XPath Match; any other kind fails the test, so none goes unchecked). Each
 * test step runs twice, as a QA team re-running the suite against the same database would.
 */
class SoapUiProjectTest extends RelayIntegrationTest {

    private static final String CON = "http://eviware.com/soapui/config";
    private static final Pattern DECLARE = Pattern.compile("declare namespace (\\w+)\\s*=\\s*'([^']*)'\\s*;");

    /**
     * The project carries the contract (SoapUI's definition cache) so that it loads without a
     * running relay; what it carries is what the relay serves (the address aside).
     */
    @org.junit.jupiter.api.Test
    void theProjectCarriesTheContractTheRelayServes() throws Exception {
        Document project = parse(Path.of("soapui/opensi-relay-soapui-project.xml"));
        NodeList parts = project.getElementsByTagNameNS(CON, "part");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < parts.getLength(); i++) {
            Element part = (Element) parts.item(i);
            String url = child(part, "url").getTextContent();
            urls.add(url);
            String served =
                    soap.get(url.substring(url.indexOf('?'))).body().replace("localhost:" + port, "localhost:8080");
            org.xmlunit.diff.Diff diff = org.xmlunit.builder.DiffBuilder.compare(
                            child(part, "content").getTextContent())
                    .withTest(served)
                    .ignoreWhitespace()
                    .ignoreComments()
                    .checkForSimilar()
                    .build();
            assertThat(diff.hasDifferences()).as(url + ": " + diff).isFalse();
        }
        assertThat(urls)
                .containsExactlyInAnyOrder(
                        "http://localhost:8080/soap/opensi?wsdl",
                        "http://localhost:8080/soap/opensi?xsd=opensi.xsd",
                        "http://localhost:8080/soap/opensi?xsd=opensi-types.xsd");
    }

    /** "Update Definition" follows the endpoint property to any host and port, and finds the relay's WSDL there. */
    @org.junit.jupiter.api.Test
    void theDefinitionFollowsTheEndpointProperty() throws Exception {
        Document project = parse(Path.of("soapui/opensi-relay-soapui-project.xml"));
        Element binding =
                (Element) project.getElementsByTagNameNS(CON, "interface").item(0);
        assertThat(binding.getAttribute("definition")).isEqualTo("${#Project#endpoint}?wsdl");
        String definition = binding.getAttribute("definition").replace("${#Project#endpoint}", "");
        assertThat(soap.get(definition.substring(definition.indexOf('?'))).body())
                .contains("opensiPortType");
    }

    /** One test case per operation the relay answers, each named after what it checks. */
    @org.junit.jupiter.api.Test
    void theSuiteCoversEveryOperationOfTheWsdl() throws Exception {
        Document project = parse(Path.of("soapui/opensi-relay-soapui-project.xml"));
        NodeList steps = project.getElementsByTagNameNS(CON, "testStep");
        List<String> operations = new ArrayList<>();
        for (int i = 0; i < steps.getLength(); i++) {
            operations.add(
                    child(child((Element) steps.item(i), "config"), "operation").getTextContent());
        }
        assertThat(operations).containsAll(SoapEndpoint.answeredOperations());
    }

    @TestFactory
    List<DynamicTest> everyRequestOfTheProjectGetsWhatItsAssertionsSay() throws Exception {
        Document project = parse(Path.of("soapui/opensi-relay-soapui-project.xml"));
        List<DynamicTest> tests = new ArrayList<>();
        NodeList calls = project.getElementsByTagNameNS(CON, "call");
        for (int i = 0; i < calls.getLength(); i++) {
            Element call = (Element) calls.item(i);
            tests.add(DynamicTest.dynamicTest("sample request: " + call.getAttribute("name"), () -> {
                Answer answer = post(child(call, "request").getTextContent());
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).doesNotContain(":Fault>");
            }));
        }
        NodeList steps = project.getElementsByTagNameNS(CON, "testStep");
        for (int i = 0; i < steps.getLength(); i++) {
            Element step = (Element) steps.item(i);
            Element request = child(child(step, "config"), "request");
            tests.add(DynamicTest.dynamicTest("test step: " + step.getAttribute("name"), () -> {
                for (int run = 1; run <= 2; run++) {
                    Answer answer = post(child(request, "request").getTextContent());
                    NodeList assertions = request.getElementsByTagNameNS(CON, "assertion");
                    assertThat(assertions.getLength())
                            .as("a step without assertions checks nothing")
                            .isPositive();
                    for (int a = 0; a < assertions.getLength(); a++) {
                        check((Element) assertions.item(a), answer);
                    }
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(8);
        return tests;
    }

    private static void check(Element assertion, Answer answer) throws Exception {
        String type = assertion.getAttribute("type");
        switch (type) {
            case "SOAP Response" -> {
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).doesNotContain(":Fault>");
            }
            case "SOAP Fault Assertion" -> assertThat(answer.body()).contains(":Fault>");
            case "XPath Match" -> {
                Element configuration = child(assertion, "configuration");
                String path = configuration.getElementsByTagName("path").item(0).getTextContent();
                String expected =
                        configuration.getElementsByTagName("content").item(0).getTextContent();
                Map<String, String> namespaces = new HashMap<>();
                Matcher declare = DECLARE.matcher(path);
                while (declare.find()) {
                    namespaces.put(declare.group(1), declare.group(2));
                }
                String expression = DECLARE.matcher(path).replaceAll("").strip();
                var xpath = XPathFactory.newInstance().newXPath();
                xpath.setNamespaceContext(context(namespaces));
                Document response = DocumentBuilderFactory.newDefaultNSInstance()
                        .newDocumentBuilder()
                        .parse(new InputSource(new StringReader(answer.body())));
                assertThat(xpath.evaluate(expression, response))
                        .as(assertion.getAttribute("name") + ": " + expression)
                        .isEqualTo(expected);
            }
            default -> throw new AssertionError("SoapUiProjectTest does not check assertions of type '" + type + "'");
        }
    }

    private Answer post(String template) {
        String request = template.replace("${#Project#key}", SHOP1_KEY).replace("${#Project#websiteCode}", SHOP1);
        assertThat(request).doesNotContain("${");
        // Safe on a website that delivers: nothing it sends may mail or show a customer anything.
        assertThat(request).doesNotContain("<xsd:SendMail>true").doesNotContain("<xsd:VisibleForCustomer>true");
        return soap.post(request, "text/xml; charset=utf-8");
    }

    private static Element child(Element parent, String localName) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && CON.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError(parent.getLocalName() + " has no con:" + localName);
    }

    private static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newDefaultNSInstance()
                .newDocumentBuilder()
                .parse(file.toFile());
    }

    private static NamespaceContext context(Map<String, String> namespaces) {
        return new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return namespaces.getOrDefault(prefix, "");
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                return List.<String>of().iterator();
            }
        };
    }
}
