package org.opensirelay.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver as a shop plugin would write one, on a random port of this machine: it keeps
 * every request (headers and body as received) and answers with the status it is told. Its signature
 * check is written here from the Standard Webhooks specification, not taken from the relay. It can
 * also be slow, or {@link #stall() stall}: announce an answer and never finish it.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String id, String timestamp, String signature, String body) {}

    /** The stalled answer: a 500 announcing this many bytes, of which only {@link #STALLED_PART} come. */
    public static final int STALLED_LENGTH = 1000;

    public static final String STALLED_PART = "stalled";

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Released when the receiver closes: the stalled answers end then. */
    private final CountDownLatch closed = new CountDownLatch(1);

    private final AtomicInteger stalledNow = new AtomicInteger();
    private ExecutorService threads;
    private volatile int status = 204;
    private volatile long delay;
    private volatile boolean stall;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/hooks", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                var headers = exchange.getRequestHeaders();
                receiver.received.add(new Received(
                        headers.getFirst("webhook-id"),
                        headers.getFirst("webhook-timestamp"),
                        headers.getFirst("webhook-signature"),
                        body));
            }
            if (receiver.delay > 0) {
                try {
                    Thread.sleep(receiver.delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (receiver.stall) {
                receiver.stallOn(exchange);
                return;
            }
            int answer = receiver.status;
            if (answer >= 300 && answer < 400) {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            }
            byte[] text = (answer >= 300 ? "receiver down for maintenance" : "").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, text.length == 0 ? -1 : text.length);
            if (text.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(text);
                }
            }
            exchange.close();
        });
        // A thread per request: a stalled answer holds its thread, and the others must still be served.
        receiver.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(receiver.threads);
        server.start();
        return receiver;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public void answer(int status) {
        this.status = status;
    }

    /** Answers only after {@code millis} (a slow receiver). */
    public void slow(long millis) {
        this.delay = millis;
    }

    /**
     * From now on, answers every request {@code 500} with {@code Content-Length: 1000}, sends the 7
     * bytes "stalled" and holds the connection until the receiver is closed: the headers come at
     * once, the body never ends.
     */
    public void stall() {
        this.stall = true;
    }

    /** Answers held open right now. */
    public int stalledNow() {
        return stalledNow.get();
    }

    private void stallOn(HttpExchange exchange) throws IOException {
        stalledNow.incrementAndGet();
        try {
            exchange.sendResponseHeaders(500, STALLED_LENGTH);
            OutputStream out = exchange.getResponseBody();
            out.write(STALLED_PART.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stalledNow.decrementAndGet();
        }
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public void clear() {
        received.clear();
    }

    /**
     * The receiver's check: one of the {@code v1,} signatures of the header is the HMAC-SHA256, keyed
     * by the secret's bytes, of {@code id.timestamp.body}, compared in constant time.
     */
    public static boolean verify(String secret, Received message, String body) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected =
                mac.doFinal((message.id() + "." + message.timestamp() + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String signature : message.signature().split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
