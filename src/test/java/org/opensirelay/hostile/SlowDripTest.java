package org.opensirelay.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.RelayProcess;

/**
 * Clients that announce a body and send it a byte at a time (issue 36, 1): 230 of them held every
 * request thread of the relay (200), and getVersion and liveness timed out for as long as they
 * dripped. A body now arrives without a thread waiting for it, within a total deadline, and one
 * client address has at most its share of slow bodies: a slow peer costs its own requests only.
 */
class SlowDripTest {

    private static final String KEY = "d1d2d3d4d5d6d7d8d9d0e1e2e3e4e5e6";
    private static final String API_TOKEN = "drip-api-token-for-tests-000001";
    /** Short, so that the test is quick; long enough for the probes below to run while every body still drips. */
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(6);

    private static final int SLOW_BODIES_PER_ADDRESS = 32;
    private static final Duration DRIP_EVERY = Duration.ofMillis(500);
    private static final String VERSION_REQUEST =
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:open=\"http://www.opensi.fr\">"
                    + "<soapenv:Header><open:Header><open:key>" + KEY + "</open:key></open:Header></soapenv:Header>"
                    + "<soapenv:Body><open:getVersionRequest/></soapenv:Body></soapenv:Envelope>";

    private static Path dataDir;
    private static RelayProcess relay;
    private final List<Dripper> drippers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "slow-drip-");
        relay = RelayProcess.start(
                dataDir,
                "--relay.websites[0].code=DRIP",
                "--relay.websites[0].key=" + KEY,
                "--relay.websites[0].api-token=" + API_TOKEN,
                "--relay.http.body-deadline=" + BODY_DEADLINE,
                "--relay.http.max-slow-bodies-per-address=" + SLOW_BODIES_PER_ADDRESS);
        // A relay that has answered before (the first SOAP request of a process sets up CXF and JAXB).
        assertThat(getVersion().statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @AfterEach
    void closeDrippers() {
        drippers.forEach(Dripper::close);
    }

    @Test
    void twoHundredThirtyDrippingBodiesLeaveOtherClientsAnsweredAtOnce() throws Exception {
        // 230 bodies dripping from eight addresses (fewer than each address's share of slow bodies): SOAP envelopes
        // and orders for the website's API with its token; and 10 orders without a token (refused, bodies unread).
        List<Dripper> withoutToken = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String from = "127.0.0." + (2 + i % 8);
            boolean refused = i % 24 == 1;
            String request = i % 24 == 0
                    ? put("/api/v1/websites/DRIP/orders/WEB-" + i, API_TOKEN)
                    : refused ? put("/api/v1/websites/DRIP/orders/WEB-" + i, null) : soap();
            Dripper dripper = Dripper.open(from, relay.port(), request);
            drippers.add(dripper);
            if (refused) {
                withoutToken.add(dripper);
            }
        }
        dripAll(2);
        // Refused before their bodies were read: answered, and their connections closed rather than read on.
        assertThat(answers(withoutToken))
                .allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 401"));
        assertThat(withoutToken).noneMatch(Dripper::open);
        int dripping = 240 - withoutToken.size();
        assertThat(dripping).isEqualTo(230);

        for (int probe = 0; probe < 3; probe++) {
            assertThat(openDrippers()).as("connections still dripping").isEqualTo(dripping);
            long started = System.nanoTime();
            HttpResponse<String> version = getVersion();
            Duration versionTook = Duration.ofNanos(System.nanoTime() - started);
            started = System.nanoTime();
            HttpResponse<String> liveness = send(HttpRequest.newBuilder(endpoint("/actuator/health/liveness")));
            Duration livenessTook = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf(
                    "slow drip: %d connections dripping, getVersion in %d ms, liveness in %d ms%n",
                    openDrippers(), versionTook.toMillis(), livenessTook.toMillis());

            assertThat(version.statusCode()).as(version.body()).isEqualTo(200);
            assertThat(version.body()).contains("getVersionResponse");
            assertThat(versionTook).isLessThan(Duration.ofSeconds(1));
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(liveness.body()).contains("\"status\":\"UP\"");
            assertThat(livenessTook).isLessThan(Duration.ofSeconds(1));
            dripAll(1);
        }
        assertThat(openDrippers()).as("connections still dripping").isEqualTo(dripping);
    }

    @Test
    void aBodyThatDoesNotArriveWithinTheDeadlineIsRefusedAndItsConnectionClosed() throws Exception {
        List<Dripper> soap = new ArrayList<>();
        List<Dripper> api = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            soap.add(Dripper.open("127.0.0.20", relay.port(), soap()));
            api.add(Dripper.open("127.0.0.20", relay.port(), put("/api/v1/websites/DRIP/orders/LATE-" + i, API_TOKEN)));
        }
        drippers.addAll(soap);
        drippers.addAll(api);
        long started = System.nanoTime();

        Duration enough = BODY_DEADLINE.plusSeconds(6);
        while (openDrippers() > 0
                && Duration.ofNanos(System.nanoTime() - started).compareTo(enough) < 0) {
            dripAll(1);
        }

        Duration held = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("slow drip: bodies refused and connections closed after " + held.toMillis() + " ms");
        assertThat(openDrippers()).as("connections still open after %s", enough).isZero();
        // Tomcat looks at deadlines once a second.
        assertThat(held).isBetween(BODY_DEADLINE, BODY_DEADLINE.plusSeconds(3));
        assertThat(answers(soap))
                .allSatisfy(answer -> assertThat(answer)
                        .startsWith("HTTP/1.1 408")
                        .contains("<reason>REQUEST_TIMEOUT</reason>", "relay.http.body-deadline"));
        assertThat(answers(api))
                .allSatisfy(answer -> assertThat(answer)
                        .startsWith("HTTP/1.1 408")
                        .contains("\"code\":\"REQUEST_TIMEOUT\"", "relay.http.body-deadline"));
        assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM shop_order", Integer.class))
                .isZero();
    }

    @Test
    void oneAddressHasAtMostItsShareOfSlowBodiesAndNoOtherAddressFeelsIt() throws Exception {
        List<Dripper> greedy = new ArrayList<>();
        for (int i = 0; i < SLOW_BODIES_PER_ADDRESS; i++) {
            greedy.add(Dripper.open("127.0.0.30", relay.port(), soap()));
        }
        drippers.addAll(greedy);
        dripAll(2);
        assertThat(openDrippers()).isEqualTo(SLOW_BODIES_PER_ADDRESS);

        Dripper oneTooMany = Dripper.open("127.0.0.30", relay.port(), soap());
        Dripper otherAddress = Dripper.open("127.0.0.31", relay.port(), soap());
        drippers.add(oneTooMany);
        drippers.add(otherAddress);
        dripAll(2);

        assertThat(oneTooMany.answer())
                .startsWith("HTTP/1.1 503")
                .contains("Retry-After: ", "<reason>BUSY</reason>", "relay.http.max-slow-bodies-per-address");
        assertThat(otherAddress.answer())
                .as("the other address's body is still being received")
                .isEmpty();
        assertThat(otherAddress.open()).isTrue();
        assertThat(greedy).allSatisfy(d -> assertThat(d.open()).isTrue());

        // Once the address's slow bodies are gone, its share is back.
        greedy.forEach(Dripper::close);
        Eventually.within(Duration.ofSeconds(5), "a slow body from 127.0.0.30 is taken again", () -> {
            Dripper again = Dripper.open("127.0.0.30", relay.port(), soap());
            drippers.add(again);
            try {
                dripAll(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return again.open() && again.answer().isEmpty();
        });
    }

    private static HttpResponse<String> getVersion() throws Exception {
        return send(HttpRequest.newBuilder(endpoint("/soap/opensi"))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(VERSION_REQUEST)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        // A client of its own: a new connection, as another ERP's would be.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void dripAll(int rounds) throws InterruptedException {
        for (int round = 0; round < rounds; round++) {
            Thread.sleep(DRIP_EVERY.toMillis());
            drippers.forEach(Dripper::drip);
        }
    }

    private long openDrippers() {
        return drippers.stream().filter(Dripper::open).count();
    }

    private static URI endpoint(String path) {
        return URI.create("http://127.0.0.1:" + relay.port() + path);
    }

    private static String soap() {
        return "POST /soap/opensi HTTP/1.1\r\nHost: relay\r\nContent-Type: text/xml; charset=utf-8\r\n"
                + "Content-Length: 100000\r\n\r\n<soapenv:Envelope";
    }

    private static String put(String path, String token) {
        return "PUT " + path + " HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Length: 100000\r\n\r\n{\"orderId\":\"";
    }

    /** One connection that announced a body of 100,000 bytes and sends it a byte at a time. */
    static final class Dripper {

        private final Socket socket;
        private volatile boolean closed;
        private final StringBuilder answer = new StringBuilder();

        private Dripper(Socket socket) {
            this.socket = socket;
        }

        static Dripper open(String fromAddress, int port, String start) {
            try {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(1);
                socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                return new Dripper(socket);
            } catch (IOException e) {
                throw new IllegalStateException("cannot connect from " + fromAddress, e);
            }
        }

        /** One more byte of the body; notes what the server said, and whether it closed. */
        void drip() {
            if (closed) {
                return;
            }
            try {
                OutputStream out = socket.getOutputStream();
                out.write('x');
                out.flush();
                readWhatArrived();
            } catch (IOException e) {
                closed = true;
            }
        }

        boolean open() {
            return !closed;
        }

        /** What the server answered so far. */
        synchronized String answer() {
            readWhatArrived();
            return answer.toString();
        }

        private synchronized void readWhatArrived() {
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (SocketTimeoutException nothingMoreYet) {
                        return;
                    }
                    if (n < 0) {
                        closed = true;
                        return;
                    }
                    answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                closed = true;
            }
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    static List<String> answers(List<Dripper> drippers) {
        List<String> answers = new ArrayList<>();
        for (Dripper dripper : drippers) {
            answers.add(dripper.answer());
        }
        return answers;
    }
}
