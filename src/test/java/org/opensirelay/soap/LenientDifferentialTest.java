package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.SoapHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same envelope variants go to a lenient SOAP server built from our WSDL — PHP's SoapServer,
 * what the real shop module runs on — and to the relay. Every variant the lenient server reads
 * whole (every field of the contract there, with its value), the relay must accept too; a variant
 * the lenient server reads with a field lost, the relay must refuse (issue 23, part 2).
 */
class LenientDifferentialTest extends RelayWithShopTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Process php;
    private static Path parsed;
    private static SoapHttp lenient;

    /** A variant, the operation it calls, and the fields a whole reading has (item fields after a '/'). */
    record Variant(String name, String operation, String envelope, List<String> fields) {}

    @BeforeAll
    static void startTheLenientServer() throws Exception {
        boolean available = new ProcessBuilder("php", "-r", "exit(extension_loaded('soap') ? 0 : 1);")
                        .start()
                        .waitFor()
                == 0;
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("php-cli with php-soap is required on CI (Debian: php-cli php-soap)");
        }
        assumeTrue(
                available,
                "php-cli with php-soap is not installed (Debian: php-cli php-soap): the differential test is skipped");
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "lenient-");
        parsed = dir.resolve("parsed.jsonl");
        Files.writeString(parsed, "");
        Path script = dir.resolve("lenient-connector.php");
        Files.writeString(script, Envelope.Fixtures.text("php/lenient-connector.php"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("php", "-S", "127.0.0.1:" + port, script.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("php.log").toFile());
        builder.environment()
                .put(
                        "OPENSI_WSDL",
                        Path.of("target/classes/wsdl/opensi.wsdl")
                                .toAbsolutePath()
                                .toString());
        builder.environment().put("OPENSI_PARSED", parsed.toString());
        php = builder.start();
        lenient = new SoapHttp(URI.create("http://127.0.0.1:" + port + "/opensi"));
        Eventually.within(Duration.ofSeconds(10), "PHP's server listens", () -> {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopTheLenientServer() {
        if (php != null) {
            php.destroy();
        }
    }

    private List<Variant> variants() {
        String comment = shop1("setComments-seed.xml").toString();
        String get =
                Envelope.fixture("getOrderReturns-window.xml", SHOP1_KEY, SHOP1).toString();
        List<String> commentFields = List.of(
                "Website_Code",
                "Comment/OrderNumber",
                "Comment/WebOrderNumber",
                "Comment/CommentId",
                "Comment/Comment",
                "Comment/CommentDate",
                "Comment/SendMail",
                "Comment/VisibleForCustomer");
        List<String> getFields = List.of("Datetime_Min", "Range_Min", "Range_Max", "Website_Code");
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("the seed comment", "setComments", comment, commentFields));
        variants.add(new Variant(
                "CommentDate in the ERP's date-time form",
                "setComments",
                comment.replace(
                        "<xsd:CommentDate>2020-05-01</xsd:CommentDate>",
                        "<xsd:CommentDate>2020-05-01 10:11:12</xsd:CommentDate>"),
                commentFields));
        variants.add(new Variant(
                "item fields in the message namespace",
                "setComments",
                comment.replaceAll("<(/?)xsd:", "<$1open:"),
                commentFields));
        variants.add(new Variant(
                "Website_Code in the types namespace",
                "setComments",
                comment.replaceAll("<(/?)open:Website_Code>", "<$1xsd:Website_Code>"),
                commentFields));
        variants.add(new Variant(
                "an element the contract does not have",
                "setComments",
                comment.replace("<xsd:SendMail>", "<xsd:Extra>hello</xsd:Extra><xsd:SendMail>"),
                commentFields));
        variants.add(new Variant(
                "fields in another order",
                "setComments",
                comment.replaceAll(
                        "(<xsd:OrderNumber>[^<]*</xsd:OrderNumber>)(\\s*)(<xsd:WebOrderNumber>[^<]*</xsd:WebOrderNumber>)",
                        "$3$2$1"),
                commentFields));
        variants.add(new Variant(
                "a field misspelled (CommentID)",
                "setComments",
                comment.replaceAll("<(/?)xsd:CommentId>", "<$1xsd:CommentID>"),
                commentFields));
        variants.add(new Variant("the seed get window", "getOrderReturns", get, getFields));
        variants.add(new Variant(
                "get fields in the message namespace",
                "getOrderReturns",
                get.replaceAll("<(/?)xsd:(Datetime_Min|Datetime_Max|Range_Min|Range_Max|Website_Code)", "<$1open:$2"),
                getFields));
        return variants;
    }

    @Test
    void everyVariantThePhpServerReadsWholeTheRelayAcceptsAndWhatItReadsWithALossTheRelayRefuses() throws Exception {
        Map<String, String> outcomes = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        for (Variant variant : variants()) {
            long before = Files.readAllLines(parsed).size();
            SoapHttp.Answer atPhp = lenient.post(variant.envelope(), "text/xml; charset=utf-8");
            List<String> lines = Files.readAllLines(parsed, StandardCharsets.UTF_8);
            boolean whole = atPhp.status() == 200
                    && lines.size() > before
                    && readWhole(JSON.readTree(lines.get(lines.size() - 1)).get("request"), variant.fields());
            SoapHttp.Answer atRelay = soap.post(variant.envelope(), "text/xml; charset=utf-8");
            boolean accepted = atRelay.status() == 200 && !atRelay.body().contains("Fault>");
            outcomes.put(
                    variant.name(),
                    "PHP " + (whole ? "read it whole" : "lost a field or refused it") + ", relay "
                            + (accepted ? "accepted" : "refused"));
            if (whole != accepted) {
                disagreements.add(variant.name() + ": " + outcomes.get(variant.name()) + "\n" + atRelay.body());
            }
        }
        System.out.println("lenient differential: " + outcomes);
        assertThat(outcomes)
                .as("the misspelled field is a loss at PHP: the comparison can tell one")
                .containsEntry("a field misspelled (CommentID)", "PHP lost a field or refused it, relay refused");
        assertThat(disagreements).isEmpty();
    }

    /** Whether every field is there with a value (item fields in the first item). */
    private static boolean readWhole(JsonNode request, List<String> fields) {
        for (String field : fields) {
            JsonNode node = request;
            for (String step : field.split("/")) {
                node = node == null ? null : node.isArray() ? node.get(0) : node;
                node = node == null ? null : node.get(step);
            }
            if (node == null
                    || node.isNull()
                    || (node.isString() && node.asString().isEmpty())) {
                return false;
            }
        }
        return true;
    }
}
