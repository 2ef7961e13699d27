package org.opensirelay.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import javax.xml.parsers.DocumentBuilderFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * A shop's OpenSi connector on a real port, speaking the contract over HTTP: it parses the
 * {@code set*Request} envelopes the relay sends, keeps what it applies (the shop's state), and
 * answers real {@code set*Response} envelopes like a shop module: 1001 for a new item, 1002 for a
 * changed one, 2001 for one it already has. Tests can make it fail (down, HTTP 500, SOAP fault) or
 * answer chosen codes per item.
 */
public final class StubShop implements AutoCloseable {

    /** How the next request is failed, instead of answered. */
    public enum Failure {
        HTTP_500,
        SOAP_FAULT
    }

    /** One {@code return} entry of an answer. */
    public record Entry(String key, int code, String message) {}

    /** One request as received. */
    public record Request(
            String operation, String websiteCode, String key, List<Map<String, String>> items, Instant at) {}

    private final int port;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** The shop's state: item key ("comment 12", "return RC1") to its fields. */
    private final Map<String, Map<String, String>> applied = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> answeredDuplicate = new ConcurrentHashMap<>();
    private final Deque<Failure> failures = new ConcurrentLinkedDeque<>();
    private volatile ToIntFunction<Map<String, String>> forcedCode = item -> 0;
    private volatile Runnable beforeAnswer = () -> {};
    private volatile UnaryOperator<List<Entry>> shapeAnswer = UnaryOperator.identity();
    private HttpServer server;
    private ExecutorService executor;

    private StubShop(int port) {
        this.port = port;
    }

    static {
        // Like any production HTTP server: no Nagle delay on answers (else each answer waits ~40 ms
        // for the client's delayed ACK, and the stub, not the relay, sets the pace).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** A stub on a free port, listening. */
    public static StubShop start() {
        StubShop shop = new StubShop(freePort());
        shop.listen();
        return shop;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/opensi";
    }

    /** Starts answering again on the same port. */
    public synchronized void listen() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new IllegalStateException("stub shop cannot listen on " + port, e);
        }
        server.createContext("/opensi", this::handle);
        // Daemon threads, and stopped with the server: a JVM that used the shop (bench/run) must be
        // able to exit once its main thread is done.
        executor = Executors.newFixedThreadPool(4, work -> {
            Thread thread = new Thread(work, "stub-shop-" + port);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Stops listening: connections are refused until {@link #listen()}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
            executor.shutdownNow();
        }
    }

    /** Back to an empty, healthy, listening shop. */
    public synchronized void reset() {
        requests.clear();
        applied.clear();
        answeredDuplicate.clear();
        failures.clear();
        forcedCode = item -> 0;
        beforeAnswer = () -> {};
        shapeAnswer = UnaryOperator.identity();
        if (server == null) {
            listen();
        }
    }

    public void failNext(Failure... next) {
        failures.addAll(List.of(next));
    }

    /** A code to answer for an item instead of the natural one (0: the natural one). */
    public void answer(ToIntFunction<Map<String, String>> code) {
        forcedCode = code;
    }

    /**
     * Rewrites the entries of every answer before it is sent (reordered, keys changed, entries left
     * out or repeated), as a connector that does not answer by the book would.
     */
    public void shapeAnswer(UnaryOperator<List<Entry>> shape) {
        shapeAnswer = shape;
    }

    /** Runs once a request is read and applied, before its answer is written. */
    public void beforeAnswer(Runnable hook) {
        beforeAnswer = hook;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The items the shop holds, by key ("comment 12", "return RC1"). */
    /** The items of every request of one operation (e.g. "setOrderReturnStatesRequest"), in the order received. */
    public List<Map<String, String>> items(String operation) {
        return requests().stream()
                .filter(r -> r.operation().equals(operation))
                .flatMap(r -> r.items().stream())
                .toList();
    }

    public Map<String, Map<String, String>> applied() {
        return Map.copyOf(applied);
    }

    /** How many items the shop holds (cheap enough to poll). */
    public int itemsApplied() {
        return applied.size();
    }

    /** How many times the shop answered 2001 for this item. */
    public int duplicatesAnswered(String itemKey) {
        AtomicInteger n = answeredDuplicate.get(itemKey);
        return n == null ? 0 : n.get();
    }

    /** How many 2001 answers the shop gave in all. */
    public int duplicatesAnswered() {
        return answeredDuplicate.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Every item received, in order of arrival, as its key. */
    public List<String> receivedKeys() {
        List<String> keys = new ArrayList<>();
        for (Request request : requests()) {
            for (Map<String, String> item : request.items()) {
                keys.add(keyOf(item));
            }
        }
        return keys;
    }

    @Override
    public void close() {
        down();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Failure failure = failures.poll();
            if (failure == Failure.HTTP_500) {
                respond(exchange, 500, "text/html", "<html><body>Internal Server Error</body></html>");
                return;
            }
            if (failure == Failure.SOAP_FAULT) {
                respond(
                        exchange,
                        500,
                        "text/xml; charset=utf-8",
                        envelope("<soap:Fault><faultcode>soap:Server</faultcode>"
                                + "<faultstring>Shop database unavailable</faultstring></soap:Fault>"));
                return;
            }
            Request request = parse(body);
            requests.add(request);
            List<Entry> entries = new ArrayList<>();
            for (Map<String, String> item : request.items()) {
                String key = keyOf(item);
                int code = forcedCode.applyAsInt(item);
                if (code == 0) {
                    Map<String, String> before = applied.put(key, item);
                    code = before == null ? 1001 : before.equals(item) ? 2001 : 1002;
                    if (code == 2001) {
                        answeredDuplicate
                                .computeIfAbsent(key, k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }
                entries.add(new Entry(
                        answerKey(item),
                        code,
                        code == 3002 ? "Order not found" : code >= 3000 ? "Refused by the shop: code " + code : "OK"));
            }
            StringBuilder returns = new StringBuilder();
            for (Entry entry : shapeAnswer.apply(entries)) {
                returns.append("<return><x:Key>")
                        .append(escape(entry.key()))
                        .append("</x:Key><x:Code>")
                        .append(entry.code())
                        .append("</x:Code><x:Message>")
                        .append(escape(entry.message()))
                        .append("</x:Message></return>");
            }
            beforeAnswer.run();
            String response = request.operation().replace("Request", "Response");
            respond(
                    exchange,
                    200,
                    "text/xml; charset=utf-8",
                    envelope("<" + response + " xmlns=\"http://www.opensi.fr\" xmlns:x=\"http://www.opensi.fr/xsd\">"
                            + returns + "</" + response + ">"));
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain", "stub shop failed: " + e);
        }
    }

    private static String keyOf(Map<String, String> item) {
        if (item.containsKey("ReturnState")) {
            return "state " + item.get("WebReturnNumber") + " " + item.get("ReturnState");
        }
        return item.containsKey("CommentId")
                ? "comment " + item.get("CommentId")
                : "return " + item.get("ReturnNumber");
    }

    /** The Key a shop module answers with: the CommentId, the WebReturnNumber of a state, the ReturnNumber of a slip. */
    private static String answerKey(Map<String, String> item) {
        return item.containsKey("ReturnState")
                ? item.get("WebReturnNumber")
                : item.getOrDefault("CommentId", item.get("ReturnNumber"));
    }

    private static Request parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(new String(body, StandardCharsets.UTF_8))));
            Element header = (Element) document.getElementsByTagNameNS("http://www.opensi.fr", "key")
                    .item(0);
            Element bodyElement =
                    (Element) document.getElementsByTagNameNS("http://schemas.xmlsoap.org/soap/envelope/", "Body")
                            .item(0);
            Element request = firstElement(bodyElement);
            String websiteCode = null;
            List<Map<String, String>> items = new ArrayList<>();
            for (Node n = request.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    if (e.getLocalName().equals("Website_Code")) {
                        websiteCode = e.getTextContent();
                    } else {
                        Map<String, String> fields = new LinkedHashMap<>();
                        for (Node f = e.getFirstChild(); f != null; f = f.getNextSibling()) {
                            if (f instanceof Element field) {
                                fields.put(field.getLocalName(), field.getTextContent());
                            }
                        }
                        items.add(fields);
                    }
                }
            }
            return new Request(
                    request.getLocalName(),
                    websiteCode,
                    header == null ? null : header.getTextContent(),
                    items,
                    Instant.now());
        } catch (Exception e) {
            throw new IllegalStateException("stub shop got no envelope: " + e.getMessage(), e);
        }
    }

    private static Element firstElement(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        throw new IllegalStateException("empty SOAP body");
    }

    private static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
    }

    private static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
