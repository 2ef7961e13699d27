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
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver as a shop plugin would write one, on a random port of this machine: it keeps
 * every request (headers and body as received) and answers with the status it is told. Its signature
 * check is written here from the Standard Webhooks specification, not taken from the relay.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String id, String timestamp, String signature, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 204;
    private volatile long delay;

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
        server.setExecutor(Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
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
        server.stop(0);
    }
}
