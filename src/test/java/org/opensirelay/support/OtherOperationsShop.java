package org.opensirelay.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A shop's connector for the operations the relay does not answer itself, on a real port, as the
 * real module answers them: in the SOAP version of the request (the module is a SOAP 1.2 server that
 * answers SOAP 1.1 requests in 1.1), with a SOAP Fault for a wrong key. It keeps every request's
 * bytes as received, and answers {@code setStocks} with one {@code return} per line, {@code getOrders}
 * with two orders, and {@code getProductImages} with an image of {@link #imageBytes} bytes in base64.
 * Tests can make it slow, hold every call until released, or stop it.
 */
public final class OtherOperationsShop implements AutoCloseable {

    /** One request as received: its content type and its bytes. */
    public record Received(String contentType, String soapAction, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern REQUEST = Pattern.compile("<(?:\\w+:)?(\\w+)Request[\\s>/]");
    private static final Pattern KEY = Pattern.compile("<(?:\\w+:)?key(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?key>");
    private static final Pattern REFERENCE =
            Pattern.compile("<(?:\\w+:)?Reference(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?Reference>");

    private final int port;
    private final String key;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long delayMillis;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile int imageBytes = 1024;
    private HttpServer server;
    private ExecutorService executor;

    private OtherOperationsShop(int port, String key) {
        this.port = port;
        this.key = key;
    }

    /** A shop on a free port expecting {@code key} in the header. */
    public static OtherOperationsShop start(String key) {
        OtherOperationsShop shop = new OtherOperationsShop(freePort(), key);
        shop.listen();
        return shop;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/opensi";
    }

    public synchronized void listen() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        } catch (IOException e) {
            throw new IllegalStateException("the shop cannot listen on " + port, e);
        }
        server.createContext("/opensi", this::handle);
        executor = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "other-operations-shop-" + port);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Back to an empty, prompt, listening shop. */
    public synchronized void reset() {
        received.clear();
        delayMillis = 0;
        hold.countDown();
        hold = new CountDownLatch(0);
        imageBytes = 1024;
        if (server == null) {
            listen();
        }
    }

    /** Every answer waits this long first. */
    public void slow(long millis) {
        delayMillis = millis;
    }

    /** Every call waits until {@link #release()}. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    /** Calls being answered now (held or slow). */
    public int inFlight() {
        return inFlight.get();
    }

    public void imageBytes(int bytes) {
        imageBytes = bytes;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The answer to {@code getProductImages} for an image of {@code bytes} bytes: what the ERP must get. */
    public static String productImagesAnswer(int bytes, boolean soap12) {
        byte[] image = new byte[bytes];
        new Random(bytes).nextBytes(image);
        return envelope(
                soap12,
                "<ns1:getProductImagesResponse><ns1:return><ns2:Reference>CHAIR-01</ns2:Reference><ns2:Image>"
                        + Base64.getMimeEncoder().encodeToString(image)
                        + "</ns2:Image></ns1:return></ns1:getProductImagesResponse>");
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            received.add(new Received(contentType, exchange.getRequestHeaders().getFirst("SOAPAction"), body));
            boolean soap12 = contentType != null && contentType.startsWith("application/soap+xml");
            if (!hold.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held for a minute");
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String text = new String(body, StandardCharsets.UTF_8);
            Matcher keyMatch = KEY.matcher(text);
            if (!keyMatch.find() || !keyMatch.group(1).equals(key)) {
                respond(
                        exchange,
                        500,
                        soap12,
                        fault(soap12, "Authentification failed, please check your credentials!"));
                return;
            }
            Matcher operation = REQUEST.matcher(text);
            String name = operation.find() ? operation.group(1) : "";
            switch (name) {
                case "setStocks" -> {
                    StringBuilder entries = new StringBuilder();
                    Matcher reference = REFERENCE.matcher(text);
                    while (reference.find()) {
                        entries.append("<ns1:return><ns2:Key>")
                                .append(reference.group(1))
                                .append(
                                        "</ns2:Key><ns2:Code>1002</ns2:Code><ns2:Message>Stock updated</ns2:Message></ns1:return>");
                    }
                    respond(
                            exchange,
                            200,
                            soap12,
                            envelope(soap12, "<ns1:setStocksResponse>" + entries + "</ns1:setStocksResponse>"));
                }
                case "getOrders" ->
                    respond(
                            exchange,
                            200,
                            soap12,
                            envelope(
                                    soap12,
                                    "<ns1:getOrdersResponse>"
                                            + "<ns1:return><ns2:OrderNumber>WEB-1001</ns2:OrderNumber><ns2:Total>129.90</ns2:Total></ns1:return>"
                                            + "<ns1:return><ns2:OrderNumber>WEB-1002</ns2:OrderNumber><ns2:Total>45.00</ns2:Total></ns1:return>"
                                            + "</ns1:getOrdersResponse>"));
                case "getProductImages" -> respond(exchange, 200, soap12, productImagesAnswer(imageBytes, soap12));
                default -> respond(exchange, 500, soap12, fault(soap12, "Procedure '" + name + "' not present"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    private static String envelope(boolean soap12, String body) {
        String ns = soap12 ? "http://www.w3.org/2003/05/soap-envelope" : "http://schemas.xmlsoap.org/soap/envelope/";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\"" + ns
                + "\" xmlns:ns1=\"http://www.opensi.fr\"" + " xmlns:ns2=\"http://www.opensi.fr/xsd\"><env:Body>" + body
                + "</env:Body></env:Envelope>\n";
    }

    /** A fault as PHP's SoapServer writes one. */
    private static String fault(boolean soap12, String message) {
        return soap12
                ? envelope(
                        true,
                        "<env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text>"
                                + message + "</env:Text></env:Reason></env:Fault>")
                : envelope(
                        false,
                        "<env:Fault><faultcode>env:Server</faultcode><faultstring>" + message
                                + "</faultstring></env:Fault>");
    }

    private static void respond(HttpExchange exchange, int status, boolean soap12, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8");
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
