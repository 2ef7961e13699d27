package org.opensirelay.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * A shop's OpenSi connector on a real port, speaking the contract over HTTP/1.1: it parses the
 * {@code set*Request} envelopes the relay sends, keeps what it applies (the shop's state), and
 * answers real {@code set*Response} envelopes like a shop module: 1001 for a new item, 1002 for a
 * changed one, 2001 for one it already has. Tests can make it fail (down, HTTP 500, SOAP fault, and
 * the ways a real server breaks an exchange: {@link Failure}) or answer chosen codes per item.
 *
 * <p>It is as strict as the web servers of some shop hostings, which read a request body by its
 * {@code Content-Length} only: written on plain sockets, it reads exactly that many bytes and knows
 * nothing of chunked bodies or protocol upgrades. A request without a {@code Content-Length} (sent
 * chunked) is answered 411, one asking for an {@code Upgrade} 400, and each is recorded as a
 * violation: reading what the shop received ({@link #requests()}, {@link #applied()} …) then fails
 * the test, naming what the relay sent, and so does {@link #assertOnlyContentLengthRequests()}.
 */
public final class StubShop implements AutoCloseable {

    /** How the next request is failed, instead of answered. */
    public enum Failure {
        /** HTTP 500 with an HTML page, as a crashed PHP application answers. */
        HTTP_500,
        /** HTTP 500 with a SOAP Fault ("Shop database unavailable"). */
        SOAP_FAULT,
        /** Closes the connection once the request's head is read: no answer at all. */
        CLOSE_EARLY,
        /** Applies the request, announces its whole answer's Content-Length, sends half of it and closes. */
        SHORT_ANSWER,
        /** Applies the request and sends its answer one byte every {@link #dripEvery(Duration)}. */
        DRIP,
        /** Reads the request and never answers, holding the connection until the client leaves. */
        NO_ANSWER,
        /** HTTP 411 Length Required. */
        LENGTH_REQUIRED,
        /** HTTP 413 Request Entity Too Large. */
        TOO_LARGE
    }

    /** One {@code return} entry of an answer. */
    public record Entry(String key, int code, String message) {}

    /** One request as received. */
    public record Request(
            String operation, String websiteCode, String key, List<Map<String, String>> items, Instant at) {}

    /**
     * One request's head as it came over the wire: the request line and the headers (names in lower
     * case, each with its values in order), and how many body bytes were read.
     */
    public record Wire(String requestLine, Map<String, List<String>> headers, int bodyBytes) {

        public boolean has(String header) {
            return headers.containsKey(header.toLowerCase(Locale.ROOT));
        }

        public String first(String header) {
            List<String> values = headers.get(header.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    /** A client that left while the shop was still sending (or holding) its answer. */
    public record HangUp(Failure during, int bytesSent, Duration after) {}

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final int port;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Wire> wire = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<HangUp> hangUps = Collections.synchronizedList(new ArrayList<>());
    /** The shop's state: item key ("comment 12", "return RC1") to its fields. */
    private final Map<String, Map<String, String>> applied = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> answeredDuplicate = new ConcurrentHashMap<>();
    private final Deque<Failure> failures = new ConcurrentLinkedDeque<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    /** When each connection was accepted, dropped by down() or closed, and each request read: for a failing test's message. */
    private final Deque<String> connectionLog = new ConcurrentLinkedDeque<>();
    // Daemon threads: a JVM that used the shop (bench/run) must be able to exit once its main thread is done.
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "stub-shop");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ToIntFunction<Map<String, String>> forcedCode = item -> 0;
    private volatile Runnable beforeAnswer = () -> {};
    private volatile UnaryOperator<List<Entry>> shapeAnswer = UnaryOperator.identity();
    private volatile Duration dripEvery = Duration.ofMillis(200);
    private ServerSocket server;
    /** While down: the port, bound and not listening. */
    private Socket reserved;

    private StubShop(int port) {
        this.port = port;
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
        if (server != null) {
            return;
        }
        if (reserved != null) {
            closeQuietly(reserved);
            reserved = null;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            server = socket;
        } catch (IOException e) {
            throw new IllegalStateException("stub shop cannot listen on " + port, e);
        }
        ServerSocket listening = server;
        threads.execute(() -> accept(listening));
    }

    /** Stops listening and drops every open connection: connections are refused until {@link #listen()}. */
    public synchronized void down() {
        if (server != null) {
            closeQuietly(server);
            server = null;
        }
        for (Socket connection : connections) {
            closeQuietly(connection);
            connections.remove(connection);
            log("down() closed", connection);
        }
        // The port stays this shop's while it is down: bound, not listening, so a connection is refused,
        // and no server started meanwhile (another test's, another build's on the machine) is given it
        // as a free port. One was: "the shop is down" and yet an item was answered 1001.
        try {
            Socket holder = new Socket();
            holder.setReuseAddress(true);
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            reserved = holder;
        } catch (IOException e) {
            // Taken already: the next listen() says so.
        }
    }

    /** Back to an empty, healthy, listening shop. */
    public synchronized void reset() {
        requests.clear();
        wire.clear();
        violations.clear();
        hangUps.clear();
        applied.clear();
        answeredDuplicate.clear();
        failures.clear();
        forcedCode = item -> 0;
        beforeAnswer = () -> {};
        shapeAnswer = UnaryOperator.identity();
        dripEvery = Duration.ofMillis(200);
        listen();
    }

    public void failNext(Failure... next) {
        failures.addAll(List.of(next));
    }

    /** How slowly a {@link Failure#DRIP} answer comes: one byte every {@code interval}. */
    public void dripEvery(Duration interval) {
        dripEvery = interval;
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
        assertOnlyContentLengthRequests();
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Every request's head as it came over the wire, violations included, in order of arrival. */
    public List<Wire> wire() {
        synchronized (wire) {
            return List.copyOf(wire);
        }
    }

    /** What a Content-Length-only server could not take, each said in words. */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** Clients that went away while a {@link Failure#DRIP} or {@link Failure#NO_ANSWER} answer was under way. */
    public List<HangUp> hangUps() {
        synchronized (hangUps) {
            return List.copyOf(hangUps);
        }
    }

    /** Fails, naming each, if a request came that a server reading only Content-Length refuses. */
    public void assertOnlyContentLengthRequests() {
        List<String> refused = violations();
        if (!refused.isEmpty()) {
            throw new AssertionError("the stub shop, which reads request bodies by their Content-Length only (as"
                    + " some shop hostings do), had to refuse " + refused.size() + " request(s): " + refused);
        }
    }

    /** The items of every request of one operation (e.g. "setOrderReturnStatesRequest"), in the order received. */
    public List<Map<String, String>> items(String operation) {
        return requests().stream()
                .filter(r -> r.operation().equals(operation))
                .flatMap(r -> r.items().stream())
                .toList();
    }

    /** The items the shop holds, by key ("comment 12", "return RC1"). */
    public Map<String, Map<String, String>> applied() {
        assertOnlyContentLengthRequests();
        return Map.copyOf(applied);
    }

    /** How many items the shop holds (cheap enough to poll). */
    public int itemsApplied() {
        assertOnlyContentLengthRequests();
        return applied.size();
    }

    /** How many times the shop answered 2001 for this item. */
    public int duplicatesAnswered(String itemKey) {
        assertOnlyContentLengthRequests();
        AtomicInteger n = answeredDuplicate.get(itemKey);
        return n == null ? 0 : n.get();
    }

    /** How many 2001 answers the shop gave in all. */
    public int duplicatesAnswered() {
        assertOnlyContentLengthRequests();
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
    public synchronized void close() {
        down();
        if (reserved != null) {
            closeQuietly(reserved);
            reserved = null;
        }
        threads.shutdownNow();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                // Like any production HTTP server: no Nagle delay on answers (else each answer waits
                // ~40 ms for the client's delayed ACK, and the stub, not the relay, sets the pace).
                socket.setTcpNoDelay(true);
                // Registered under the shop's lock: a connection accepted while down() ran is either
                // in the set down() closes or refused here, never served by a shop that is down.
                synchronized (this) {
                    if (server != listening) {
                        log("refused, accepted as the shop went down", socket);
                        closeQuietly(socket);
                        return;
                    }
                    connections.add(socket);
                }
                log("accepted", socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // closed by down()
            }
        }
    }

    /** One connection: request after request (HTTP/1.1 keep-alive) until the client or the shop closes it. */
    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Wire head = readHead(in);
                if (head == null) {
                    return; // the client closed its connection between requests
                }
                log("request read", socket);
                if (!connections.contains(socket)) {
                    // A shop that is down answers nothing, whatever connection a request came on.
                    log("not answered: dropped by down()", socket);
                    return;
                }
                if (!exchange(head, in, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away, or down() closed the connection.
        } finally {
            connections.remove(socket);
            log("closed", socket);
        }
    }

    private void log(String what, Socket connection) {
        connectionLog.add(Instant.now() + " " + what + " (client port " + connection.getPort() + ")");
        while (connectionLog.size() > 200) {
            connectionLog.poll();
        }
    }

    /** The last connection events (accepted, request read, closed, dropped by down()), oldest first. */
    public List<String> connectionLog() {
        return List.copyOf(connectionLog);
    }

    /** Reads one request's body and answers it; false when the connection must close. */
    private boolean exchange(Wire head, InputStream in, OutputStream out) throws IOException {
        String contentLength = head.first("Content-Length");
        if (head.has("Transfer-Encoding") || contentLength == null) {
            wire.add(head);
            // A Content-Length-only server reads no body here: it sees an empty request.
            violations.add(head.requestLine() + " without Content-Length"
                    + (head.has("Transfer-Encoding")
                            ? " (Transfer-Encoding: " + head.first("Transfer-Encoding") + ")"
                            : ""));
            respond(out, 411, "Length Required", "text/html", "<html><body>411 Length Required</body></html>", true);
            return false;
        }
        int length = Integer.parseInt(contentLength.strip());
        byte[] body = in.readNBytes(length);
        Wire received = new Wire(head.requestLine(), head.headers(), body.length);
        wire.add(received);
        if (body.length < length) {
            violations.add(head.requestLine() + " ended after " + body.length + " of its " + length + " bytes");
            return false;
        }
        if (head.has("Upgrade")) {
            violations.add(
                    head.requestLine() + " asks to upgrade the protocol (Upgrade: " + head.first("Upgrade") + ")");
            respond(out, 400, "Bad Request", "text/html", "<html><body>400 Bad Request</body></html>", true);
            return false;
        }
        Failure failure = failures.poll();
        if (failure != null) {
            switch (failure) {
                case HTTP_500 -> {
                    respond(
                            out,
                            500,
                            "Internal Server Error",
                            "text/html",
                            "<html><body>Internal Server Error</body></html>",
                            false);
                    return true;
                }
                case SOAP_FAULT -> {
                    respond(
                            out,
                            500,
                            "Internal Server Error",
                            "text/xml; charset=utf-8",
                            envelope("<soap:Fault><faultcode>soap:Server</faultcode>"
                                    + "<faultstring>Shop database unavailable</faultstring></soap:Fault>"),
                            false);
                    return true;
                }
                case CLOSE_EARLY -> {
                    return false;
                }
                case NO_ANSWER -> {
                    hold(in);
                    return false;
                }
                case LENGTH_REQUIRED -> {
                    respond(
                            out,
                            411,
                            "Length Required",
                            "text/html",
                            "<html><body>411 Length Required</body></html>",
                            false);
                    return true;
                }
                case TOO_LARGE -> {
                    respond(
                            out,
                            413,
                            "Request Entity Too Large",
                            "text/html",
                            "<html><body>413 Request Entity Too Large</body></html>",
                            true);
                    return false;
                }
                default -> {
                    // SHORT_ANSWER and DRIP answer (badly) what they applied: below.
                }
            }
        }
        String answer;
        try {
            answer = answer(parse(body));
        } catch (RuntimeException e) {
            respond(out, 500, "Internal Server Error", "text/plain", "stub shop failed: " + e, true);
            return false;
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        if (failure == Failure.SHORT_ANSWER) {
            out.write(head(200, "OK", "text/xml; charset=utf-8", bytes.length, false));
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            return false;
        }
        if (failure == Failure.DRIP) {
            drip(out, bytes);
            return false;
        }
        out.write(head(200, "OK", "text/xml; charset=utf-8", bytes.length, false));
        out.write(bytes);
        out.flush();
        return true;
    }

    /** Applies a request's items and writes the {@code set*Response} a shop module answers. */
    private String answer(Request request) {
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
        return envelope("<" + response + " xmlns=\"http://www.opensi.fr\" xmlns:x=\"http://www.opensi.fr/xsd\">"
                + returns + "</" + response + ">");
    }

    /** The whole answer announced, then a byte at a time; notes when the client hangs up. */
    private void drip(OutputStream out, byte[] answer) {
        long started = System.nanoTime();
        int sent = 0;
        try {
            out.write(head(200, "OK", "text/xml; charset=utf-8", answer.length, false));
            out.flush();
            for (; sent < answer.length; sent++) {
                Thread.sleep(dripEvery.toMillis());
                out.write(answer[sent]);
                out.flush();
            }
        } catch (IOException e) {
            hangUps.add(new HangUp(Failure.DRIP, sent, Duration.ofNanos(System.nanoTime() - started)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Says nothing until the client closes the connection (or the shop goes down). */
    private void hold(InputStream in) {
        long started = System.nanoTime();
        try {
            while (in.read() >= 0) {
                // Whatever else comes is ignored: this shop never answers.
            }
            hangUps.add(new HangUp(Failure.NO_ANSWER, 0, Duration.ofNanos(System.nanoTime() - started)));
        } catch (IOException e) {
            if (!(e instanceof SocketException && String.valueOf(e.getMessage()).contains("Socket closed"))) {
                hangUps.add(new HangUp(Failure.NO_ANSWER, 0, Duration.ofNanos(System.nanoTime() - started)));
            }
        }
    }

    /** The request line and headers, up to the blank line; null if the connection ends before a request. */
    private static Wire readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("the request's head ended early");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("request head over " + MAX_HEAD_BYTES + " bytes");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
        }
        return new Wire(lines[0], headers, 0);
    }

    private static byte[] head(int status, String reason, String contentType, int length, boolean close) {
        return ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                        + length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void respond(
            OutputStream out, int status, String reason, String contentType, String body, boolean close)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(head(status, reason, contentType, bytes.length, close));
        out.write(bytes);
        out.flush();
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

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
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
