package org.opensirelay.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensirelay.soap.XmlLimits;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.UsernameTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.xmlunit.builder.Input;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * Every malformed or hostile request of {@code src/test/resources/hostile/cases.csv}, over real HTTP:
 * the exact status and fault reason, a message naming the problem, no stack trace or HTML, nothing
 * stored and no outbox row, and the relay still answering a valid request right after.
 */
class HostileCorpusTest extends RelayIntegrationTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static long corpusStarted;

    /** The relay's limits as configured (the defaults): the cases are made at and past each one. */
    @Autowired
    private XmlLimits limits;

    record Case(String name, String method, String contentType, int status, String reason, String says, int stored) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> corpus() {
        return Arrays.stream(Envelope.Fixtures.text("hostile/cases.csv").split("\n"))
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\\|", -1))
                .map(f -> new Case(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], f[5], Integer.parseInt(f[6])))
                .map(Arguments::of);
    }

    @BeforeAll
    static void startClock() {
        corpusStarted = System.nanoTime();
    }

    @AfterAll
    static void reportDuration() {
        System.out.printf("hostile corpus: %d ms%n", (System.nanoTime() - corpusStarted) / 1_000_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyHostileRequestGetsItsAnswerAndChangesNothing(Case hostile) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/soap/opensi"))
                .timeout(Duration.ofSeconds(30));
        if (!hostile.contentType().isEmpty()) {
            request.header("Content-Type", hostile.contentType());
        }
        byte[] body = body(hostile.name());
        request.method(
                hostile.method(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response =
                HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as("HTTP status").isEqualTo(hostile.status());
        assertThat(response.body()).doesNotContain("<html", "<HTML", "Exception", "\tat ", "Apache Tomcat", "CXF");
        assertThat(response.headers().firstValue("Server")).isEmpty();
        if (!hostile.reason().isEmpty()) {
            assertThat(xpath(
                            response.body(),
                            "//*[local-name()='Fault']//*[local-name()='fault']/*[local-name()='reason']"))
                    .isEqualTo(hostile.reason());
        }
        assertThat(response.body()).contains(hostile.says().replace("<", "&lt;"));
        assertThat(count("order_comment") + count("return_document"))
                .as("items stored")
                .isEqualTo(hostile.stored());
        assertThat(count("outbox")).as("outbox rows").isEqualTo(hostile.stored());

        // Still answering.
        HttpResponse<String> valid = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/soap/opensi"))
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                shop1("setOrderReturnDocuments-seed.xml").toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(xpath(valid.body(), "//*[local-name()='Code']")).isEqualTo("1001");
    }

    private byte[] body(String name) throws Exception {
        if (name.startsWith("generate-")) {
            return generated(name);
        }
        if (name.equals("empty-body") || name.equals("get-without-wsdl") || name.equals("put-method")) {
            return new byte[0];
        }
        return Envelope.Fixtures.text("hostile/" + name + ".xml")
                .replace("${key}", SHOP1_KEY)
                .replace("${otherKey}", SHOP2_KEY)
                .replace("${websiteCode}", SHOP1)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] generated(String name) throws Exception {
        String open =
                "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:open=\"http://www.opensi.fr\">"
                        + "<soapenv:Header><open:Header><open:key>" + SHOP1_KEY
                        + "</open:key></open:Header></soapenv:Header><soapenv:Body>";
        String close = "</soapenv:Body></soapenv:Envelope>";
        return switch (name) {
            case "generate-oversize-body" ->
                (open + "<open:setCommentsRequest><open:Website_Code>SHOP1</open:Website_Code>" + "<!--"
                                + "x".repeat(17 * 1024 * 1024) + "-->" + "</open:setCommentsRequest>" + close)
                        .getBytes(StandardCharsets.UTF_8);
            case "generate-deep-nesting" ->
                (open + "<a>".repeat(10_000) + "</a>".repeat(10_000) + close).getBytes(StandardCharsets.UTF_8);
            case "generate-100k-elements" ->
                (open + "<open:setCommentsRequest><open:Website_Code>SHOP1</open:Website_Code>" + "<x/>".repeat(100_000)
                                + "</open:setCommentsRequest>" + close)
                        .getBytes(StandardCharsets.UTF_8);
            case "generate-2mb-text" ->
                shop1("setComments-seed.xml")
                        .set("Comment", "x".repeat(2 * 1024 * 1024))
                        .toString()
                        .getBytes(StandardCharsets.UTF_8);
            case "generate-many-attributes" -> {
                StringBuilder attributes = new StringBuilder();
                for (int i = 0; i < 100; i++) {
                    attributes.append(" a").append(i).append("=\"").append(i).append('"');
                }
                yield (open + "<open:getVersionRequest" + attributes + "/>" + close).getBytes(StandardCharsets.UTF_8);
            }
            case "generate-body-at-limit", "generate-body-over-limit" -> {
                // A valid getVersion request padded, between elements, to the body limit exactly (or one byte past it).
                long size = limits.maxBodyBytes() + (name.endsWith("over-limit") ? 1 : 0);
                String request = "<open:getVersionRequest/>" + close;
                StringBuilder padded = new StringBuilder(open);
                String pad = "<!--" + " ".repeat(1000) + "-->";
                while (padded.length() + pad.length() + request.length() <= size) {
                    padded.append(pad);
                }
                padded.append(" ".repeat((int) (size - padded.length() - request.length())))
                        .append(request);
                byte[] body = padded.toString().getBytes(StandardCharsets.UTF_8);
                assertThat(body).hasSize((int) size);
                yield body;
            }
            case "generate-depth-at-limit", "generate-depth-over-limit" -> {
                // Envelope, Body and the request are the first three levels.
                int nested = limits.maxDepth() - 3 + (name.endsWith("over-limit") ? 1 : 0);
                yield (open + "<open:getVersionRequest>" + "<a>".repeat(nested) + "</a>".repeat(nested)
                                + "</open:getVersionRequest>" + close)
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "generate-elements-at-limit", "generate-elements-over-limit" -> {
                // Envelope, Header, Header, key, Body, the request and Website_Code are 7; then groups
                // of children (each group within the child limit) up to the element limit.
                long wanted = limits.maxElements() + (name.endsWith("over-limit") ? 1 : 0);
                StringBuilder groups = new StringBuilder();
                long elements = 7;
                while (elements < wanted) {
                    long children = Math.min(limits.maxChildElements() - 1, wanted - elements - 1);
                    groups.append("<x>").append("<y/>".repeat((int) children)).append("</x>");
                    elements += 1 + children;
                }
                yield (open + "<open:setCommentsRequest><open:Website_Code>SHOP1</open:Website_Code>" + groups
                                + "</open:setCommentsRequest>" + close)
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "generate-children-at-limit", "generate-children-over-limit" -> {
                // Website_Code is the first child.
                int others = limits.maxChildElements() - 1 + (name.endsWith("over-limit") ? 1 : 0);
                yield (open + "<open:setCommentsRequest><open:Website_Code>SHOP1</open:Website_Code>"
                                + "<x/>".repeat(others) + "</open:setCommentsRequest>" + close)
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "generate-attributes-at-limit", "generate-attributes-over-limit" -> {
                int count = limits.maxAttributes() + (name.endsWith("over-limit") ? 1 : 0);
                StringBuilder attributes = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    attributes.append(" a").append(i).append("=\"").append(i).append('"');
                }
                yield (open + "<open:getVersionRequest" + attributes + "/>" + close).getBytes(StandardCharsets.UTF_8);
            }
            case "generate-attribute-size-at-limit", "generate-attribute-size-over-limit" -> {
                int size = limits.maxAttributeSize() + (name.endsWith("over-limit") ? 1 : 0);
                yield (open + "<open:getVersionRequest a=\"" + "v".repeat(size) + "\"/>" + close)
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "generate-text-at-limit", "generate-text-over-limit" -> {
                int length = limits.maxTextLength() + (name.endsWith("over-limit") ? 1 : 0);
                yield shop1("setComments-seed.xml")
                        .set("Comment", "x".repeat(length))
                        .toString()
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "generate-states-over-child-limit" -> {
                String item =
                        "<open:OrderReturnState><xsd:ReturnNumber>R1</xsd:ReturnNumber><xsd:WebReturnNumber>W1</xsd:WebReturnNumber>"
                                + "<xsd:ReturnState>RECEIVED</xsd:ReturnState></open:OrderReturnState>";
                yield (open.replace("xmlns:open=", "xmlns:xsd=\"http://www.opensi.fr/xsd\" xmlns:open=")
                                + "<open:setOrderReturnStatesRequest><open:Website_Code>SHOP1</open:Website_Code>"
                                + item.repeat(limits.maxChildElements()) + "</open:setOrderReturnStatesRequest>"
                                + close)
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "generate-get-over-child-limit" -> {
                String fields =
                        "<xsd:Datetime_Min>2026-11-22 00:00:00</xsd:Datetime_Min><xsd:Datetime_Max>2026-11-23 00:00:00</xsd:Datetime_Max>"
                                + "<xsd:Range_Min>0</xsd:Range_Min><xsd:Range_Max>10</xsd:Range_Max><xsd:Website_Code>SHOP1</xsd:Website_Code>";
                yield (open.replace("xmlns:open=", "xmlns:xsd=\"http://www.opensi.fr/xsd\" xmlns:open=")
                                + "<open:getOrderReturnsRequest>"
                                + fields
                                + "<xsd:Order><xsd:OrderNumber>CC1</xsd:OrderNumber></xsd:Order>"
                                        .repeat(limits.maxChildElements())
                                + "</open:getOrderReturnsRequest>" + close)
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "generate-invalid-utf8" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                String seed = shop1("setComments-seed.xml").toString();
                int at = seed.indexOf("L'article");
                out.write(seed.substring(0, at).getBytes(StandardCharsets.UTF_8));
                out.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
                out.write(seed.substring(at).getBytes(StandardCharsets.UTF_8));
                yield out.toByteArray();
            }
            case "generate-replayed-nonce" -> {
                byte[] envelope = UsernameTokens.envelope(
                                "setOrderReturnDocuments-seed.xml",
                                null,
                                SHOP3,
                                UsernameTokens.header(SHOP3_USER, SHOP3_PASSWORD))
                        .getBytes(StandardCharsets.UTF_8);
                // Its first use is legitimate (and stores the item); the case is the second.
                HttpResponse<String> first = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/soap/opensi"))
                                .header("Content-Type", "text/xml; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(first.statusCode()).isEqualTo(200);
                yield envelope;
            }
            case "generate-stale-timestamp" ->
                UsernameTokens.envelope(
                                "setComments-seed.xml",
                                null,
                                SHOP3,
                                UsernameTokens.header(
                                        SHOP3_USER,
                                        SHOP3_PASSWORD,
                                        new byte[] {4, 8, 15, 16, 23, 42, 7, 1},
                                        Instant.now().minus(Duration.ofMinutes(10)),
                                        true))
                        .getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("no generator for " + name);
        };
    }

    private static String xpath(String xml, String expression) {
        return new JAXPXPathEngine().evaluate(expression, Input.fromString(xml).build());
    }
}
