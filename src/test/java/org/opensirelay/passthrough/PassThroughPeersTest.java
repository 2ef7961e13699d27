package org.opensirelay.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.SoapHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xmlunit.assertj3.XmlAssert;

/**
 * The pass-through with shops as they really misbehave (issue 36, 4): a shop that hangs uses its own
 * website's slots only, and gives them back when the ERP goes away; a shop that drips is stopped by
 * the call's total deadline; an answer cut by the size limit or by the shop reaches the ERP visibly
 * broken (never as a clean end), and a shop answer shorter than it announced is a failure.
 */
class PassThroughPeersTest extends RelayIntegrationTest {

    static final int MAX_CONCURRENT = 4;
    static final int PER_WEBSITE = 2;
    static final int MAX_ANSWER_BYTES = 256 * 1024;
    static final Duration DEADLINE = Duration.ofSeconds(5);
    static final RawShop SHOP_A = RawShop.start();
    static final RawShop SHOP_B = RawShop.start();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Autowired
    PassThroughTraffic traffic;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void websites(DynamicPropertyRegistry registry) {
        registry.add("relay.websites[0].code", () -> SHOP1);
        registry.add("relay.websites[0].key", () -> SHOP1_KEY);
        registry.add("relay.websites[0].shop.url", SHOP_A::url);
        registry.add("relay.websites[0].shop.key", () -> "shop-a-connector-key-0001");
        // As long as the real module waits: only the deadline, the ERP going away or the shop end a call.
        registry.add("relay.websites[0].shop.pass-through.read-timeout", () -> "PT60S");
        registry.add("relay.websites[1].code", () -> SHOP2);
        registry.add("relay.websites[1].key", () -> SHOP2_KEY);
        registry.add("relay.websites[1].shop.url", SHOP_B::url);
        registry.add("relay.websites[1].shop.key", () -> "shop-b-connector-key-0002");
        registry.add("relay.pass-through.max-concurrent", () -> Integer.toString(MAX_CONCURRENT));
        registry.add("relay.pass-through.max-concurrent-per-website", () -> Integer.toString(PER_WEBSITE));
        registry.add("relay.pass-through.max-answer-bytes", () -> Integer.toString(MAX_ANSWER_BYTES));
        registry.add("relay.pass-through.deadline", DEADLINE::toString);
    }

    @BeforeEach
    void promptShops() {
        SHOP_A.reset();
        SHOP_B.reset();
        Eventually.within(
                Duration.ofSeconds(10),
                "the shops have nothing left in flight",
                () -> SHOP_A.inFlight() == 0 && SHOP_B.inFlight() == 0);
    }

    @AfterAll
    static void stopShops() {
        SHOP_A.close();
        SHOP_B.close();
    }

    @Test
    void aHangingShopTakesItsWebsitesSlotsOnly() throws Exception {
        SHOP_A.answer(SHOP_A.hang());
        List<CompletableFuture<HttpResponse<String>>> toA = new ArrayList<>();
        for (int i = 0; i < MAX_CONCURRENT; i++) {
            toA.add(HTTP.sendAsync(setStocks(SHOP1_KEY, SHOP1), HttpResponse.BodyHandlers.ofString()));
        }
        Eventually.within(
                Duration.ofSeconds(10), "the hanging shop holds calls", () -> SHOP_A.inFlight() >= PER_WEBSITE);
        Thread.sleep(300);

        HttpResponse<String> toB = HTTP.send(setStocks(SHOP2_KEY, SHOP2), HttpResponse.BodyHandlers.ofString());

        assertThat(toB.statusCode()).as(toB.body()).isEqualTo(200);
        assertThat(toB.body()).contains("setStocksResponse");
        assertThat(SHOP_A.inFlight()).isEqualTo(PER_WEBSITE);
        List<HttpResponse<String>> busy = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : toA) {
            if (call.isDone()) {
                busy.add(call.get());
            }
        }
        assertThat(busy).hasSize(MAX_CONCURRENT - PER_WEBSITE).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).contains("1");
            xml(answer.body()).valueByXPath("//open:fault/open:reason").isEqualTo("BUSY");
            xml(answer.body())
                    .valueByXPath("//faultstring")
                    .asString()
                    .contains("website 'SHOP1'", "relay.pass-through.max-concurrent-per-website");
        });
        SHOP_A.release();
        for (CompletableFuture<HttpResponse<String>> call : toA) {
            assertThat(call.get().statusCode()).isIn(200, 503);
        }
    }

    @Test
    void anErpThatGoesAwayGivesItsSlotBackAtOnce() throws Exception {
        SHOP_A.answer(SHOP_A.hang());
        List<Socket> erps = new ArrayList<>();
        for (int i = 0; i < PER_WEBSITE; i++) {
            erps.add(rawPost(setStocksText(SHOP1_KEY, SHOP1)));
        }
        Eventually.within(Duration.ofSeconds(10), "the calls wait at the shop", () -> SHOP_A.inFlight() == PER_WEBSITE);

        for (Socket erp : erps) {
            erp.close();
        }

        // The relay closes its calls to the shop (the shop sees its connections end), long before any timeout.
        Duration freed = Eventually.within(
                Duration.ofSeconds(3),
                "the relay gave up the calls of the ERP that left",
                () -> SHOP_A.inFlight() == 0);
        System.out.println("pass-through: slots of an ERP that went away freed after " + freed.toMillis() + " ms");
        assertThat(traffic.lastFailures(SHOP1))
                .hasSizeGreaterThanOrEqualTo(PER_WEBSITE)
                .first()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo("client-gone"));
        SHOP_A.answer(RawShop.whole());
        HttpResponse<String> again = HTTP.send(setStocks(SHOP1_KEY, SHOP1), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    }

    @Test
    void aShopThatDripsItsAnswerIsStoppedByTheDeadline() {
        // A byte every 300 ms never trips a read timeout.
        SHOP_A.answer(RawShop.drip(100_000, 300));
        long started = System.nanoTime();

        HttpResponse<String> answer = send(setStocks(SHOP1_KEY, SHOP1));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isBetween(DEADLINE, DEADLINE.plusSeconds(2));
        assertThat(answer.statusCode()).isEqualTo(504);
        xml(answer.body()).valueByXPath("//open:fault/open:reason").isEqualTo("SHOP_TIMEOUT");
        xml(answer.body())
                .valueByXPath("//faultstring")
                .asString()
                .contains("within 5 s", "relay.pass-through.deadline");
    }

    @Test
    void anAnswerOverTheLimitReachesTheErpBroken() {
        double cut = cutCalls();
        SHOP_A.answer(RawShop.chunked(4 * MAX_ANSWER_BYTES, true));

        assertThatThrownBy(() -> HTTP.send(setStocks(SHOP1_KEY, SHOP1), HttpResponse.BodyHandlers.ofString()))
                .as("an answer cut at the limit must not reach the ERP as a complete one")
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);

        Eventually.within(Duration.ofSeconds(5), "the cut is counted", () -> cutCalls() == cut + 1);
        assertThat(traffic.lastFailures(SHOP1)).first().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo("cut");
            assertThat(f.message()).contains("relay.pass-through.max-answer-bytes");
        });
    }

    @Test
    void anAnswerTheShopBreaksOffReachesTheErpBroken() {
        double cut = cutCalls();
        SHOP_A.answer(RawShop.chunked(64 * 1024, false));

        assertThatThrownBy(() -> HTTP.send(setStocks(SHOP1_KEY, SHOP1), HttpResponse.BodyHandlers.ofString()))
                .as("half an envelope must not reach the ERP as a complete answer")
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);

        Eventually.within(Duration.ofSeconds(5), "the cut is counted", () -> cutCalls() == cut + 1);
    }

    @Test
    void aShopAnswerShorterThanItsContentLengthIsAFailure() {
        SHOP_A.answer(RawShop.shortOfItsLength(4000, 1000));

        HttpResponse<String> answer = send(setStocks(SHOP1_KEY, SHOP1));

        assertThat(answer.statusCode()).isEqualTo(502);
        xml(answer.body()).valueByXPath("//open:fault/open:reason").isEqualTo("SHOP_UNREACHABLE");
        xml(answer.body()).valueByXPath("//faultstring").asString().contains("1000 of the 4000 bytes");
        assertThat(traffic.lastFailures(SHOP1))
                .first()
                .satisfies(f -> assertThat(f.message()).contains("1000 of the 4000 bytes"));
        assertThat(traffic.last24Hours(SHOP1))
                .filteredOn(row -> row.operation().equals("setStocks"))
                .first()
                .satisfies(row -> assertThat(row.failures()).isPositive());
    }

    @Test
    void anEnvelopeThatArrivesSlowlyIsPassedOnWholeAndItsErpWatchedAsAnyOther() throws Exception {
        byte[] envelope = setStocksText(SHOP1_KEY, SHOP1).getBytes(StandardCharsets.UTF_8);
        int half = envelope.length / 2;

        // Half the body with the headers, the rest a moment later: received without a thread, then passed on.
        String answer;
        try (Socket erp = rawPost(envelope, half)) {
            Thread.sleep(300);
            erp.getOutputStream().write(envelope, half, envelope.length - half);
            erp.getOutputStream().flush();
            erp.setSoTimeout(10_000);
            answer = readAnswer(erp);
        }
        assertThat(answer).startsWith("HTTP/1.1 200").contains("setStocksResponse");
        assertThat(SHOP_A.received())
                .hasSize(1)
                .first()
                .satisfies(atShop -> assertThat(atShop)
                        .contains("shop-a-connector-key-0001", "CHAIR-01")
                        .doesNotContain(SHOP1_KEY));

        // And the ERP of such a request that goes away gives its slot back as soon.
        SHOP_A.answer(SHOP_A.hang());
        try (Socket erp = rawPost(envelope, half)) {
            Thread.sleep(300);
            erp.getOutputStream().write(envelope, half, envelope.length - half);
            erp.getOutputStream().flush();
            Eventually.within(Duration.ofSeconds(10), "the call waits at the shop", () -> SHOP_A.inFlight() == 1);
        }
        Eventually.within(
                Duration.ofSeconds(3), "the relay gave up the call of the ERP that left", () -> SHOP_A.inFlight() == 0);
    }

    @Test
    void aSecondWebsiteCodeOrKeyIsRefusedAndNothingReachesTheShop() {
        String twoCodes = setStocksText(SHOP1_KEY, SHOP1)
                .replace(
                        "<open:Website_Code>" + SHOP1 + "</open:Website_Code>",
                        "<open:Website_Code>" + SHOP1
                                + "</open:Website_Code><xsd:Website_Code>SHOP-OTHER</xsd:Website_Code>");
        String twoKeys = setStocksText(SHOP1_KEY, SHOP1)
                .replace(
                        "<open:key>" + SHOP1_KEY + "</open:key>",
                        "<open:key>" + SHOP1_KEY + "</open:key><open:key>another-key-of-the-erp-00000</open:key>");

        HttpResponse<String> codes = send(post(twoCodes));
        HttpResponse<String> keys = send(post(twoKeys));

        for (HttpResponse<String> answer : List.of(codes, keys)) {
            assertThat(answer.statusCode()).isEqualTo(500);
            xml(answer.body()).valueByXPath("//open:fault/open:reason").isEqualTo("INVALID_REQUEST");
            xml(answer.body()).valueByXPath("//faultcode").isEqualTo("soap:Client");
        }
        xml(codes.body()).valueByXPath("//faultstring").asString().contains("Website_Code", "2");
        xml(keys.body()).valueByXPath("//faultstring").asString().contains("key", "2");
        assertThat(SHOP_A.received()).isEmpty();
    }

    private double cutCalls() {
        Timer timer = meters.find("relay.pass-through.calls")
                .tag("operation", "setStocks")
                .tag("outcome", "cut")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private static XmlAssert xml(String body) {
        return XmlAssert.assertThat(body).withNamespaceContext(SoapHttp.NAMESPACES);
    }

    private HttpRequest setStocks(String key, String websiteCode) {
        return post(setStocksText(key, websiteCode));
    }

    private HttpRequest post(String envelope) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/soap/opensi"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
                .build();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the relay's answer could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String setStocksText(String key, String websiteCode) {
        return Envelope.Fixtures.text("soap/passed-through/setStocks-erp.xml")
                .replace("${key}", key)
                .replace("${websiteCode}", websiteCode);
    }

    /** An ERP on a bare socket: the request sent whole, the answer not waited for. */
    private Socket rawPost(String envelope) throws IOException {
        byte[] body = envelope.getBytes(StandardCharsets.UTF_8);
        return rawPost(body, body.length);
    }

    /** An ERP on a bare socket: the headers and the first {@code sent} bytes of the body. */
    private Socket rawPost(byte[] body, int sent) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(
                ("POST /soap/opensi HTTP/1.1\r\nHost: relay\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: "
                                + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, sent);
        out.flush();
        return socket;
    }

    /** The answer's head and body, up to the end of its envelope. */
    private static String readAnswer(Socket erp) throws IOException {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        int n;
        while (!answer.toString().contains("Envelope>")
                && (n = erp.getInputStream().read(buffer)) > 0) {
            answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return answer.toString();
    }
}
