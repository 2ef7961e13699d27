package org.opensirelay.passthrough;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shop's connector written on a bare socket, so that it can answer as badly as real ones do: hang
 * until the relay gives up, drip its answer, break it off, announce more than it sends, or send far
 * more than the relay passes on. Each request is read whole (by its Content-Length) and kept.
 */
final class RawShop implements AutoCloseable {

    /** How the shop answers a request it has read. */
    @FunctionalInterface
    interface Answer {
        void write(Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    static final String ENVELOPE =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\""
                    + " xmlns:ns1=\"http://www.opensi.fr\" xmlns:ns2=\"http://www.opensi.fr/xsd\"><env:Body><ns1:setStocksResponse>"
                    + "<ns1:return><ns2:Key>CHAIR-01</ns2:Key><ns2:Code>1002</ns2:Code><ns2:Message>Stock updated</ns2:Message></ns1:return>"
                    + "</ns1:setStocksResponse></env:Body></env:Envelope>";

    private final ServerSocket listener;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Answer answer = whole();
    private volatile boolean released;

    private RawShop() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 200);
        Thread acceptor = new Thread(this::accept, "raw-shop-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RawShop start() {
        try {
            return new RawShop();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/opensi";
    }

    /** Back to a prompt shop with nothing received. */
    void reset() {
        released = true;
        answer = whole();
        received.clear();
    }

    void answer(Answer answer) {
        released = false;
        this.answer = answer;
    }

    /** Requests being answered now (a hanging one until the relay closes its connection, or {@link #release}). */
    int inFlight() {
        return inFlight.get();
    }

    List<String> received() {
        return List.copyOf(received);
    }

    /** Hanging calls answer now. */
    void release() {
        released = true;
    }

    /** A proper answer, with its Content-Length. */
    static Answer whole() {
        return (socket, out) -> {
            byte[] body = ENVELOPE.getBytes(StandardCharsets.UTF_8);
            out.write(head(200, "Content-Length: " + body.length));
            out.write(body);
        };
    }

    /** Says nothing until the relay closes the connection (or the test releases it), then answers. */
    Answer hang() {
        return (socket, out) -> {
            socket.setSoTimeout(50);
            InputStream in = socket.getInputStream();
            while (!released) {
                try {
                    if (in.read() == -1) {
                        return;
                    }
                } catch (SocketTimeoutException stillThere) {
                    // the relay still waits
                }
            }
            whole().write(socket, out);
        };
    }

    /** Announces {@code length} bytes and sends them one at a time, every {@code everyMillis}. */
    static Answer drip(int length, long everyMillis) {
        return (socket, out) -> {
            out.write(head(200, "Content-Length: " + length));
            out.flush();
            for (int i = 0; i < length; i++) {
                Thread.sleep(everyMillis);
                out.write(' ');
                out.flush();
            }
        };
    }

    /** A chunked answer of {@code length} bytes of envelope, ended properly only when {@code ended}. */
    static Answer chunked(int length, boolean ended) {
        return (socket, out) -> {
            out.write(head(200, "Transfer-Encoding: chunked"));
            byte[] start =
                    "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Body><!--"
                            .getBytes(StandardCharsets.US_ASCII);
            writeChunk(out, start);
            byte[] filler = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            for (int sent = start.length; sent < length; sent += filler.length) {
                writeChunk(out, filler);
            }
            if (ended) {
                writeChunk(out, "--></env:Body></env:Envelope>".getBytes(StandardCharsets.US_ASCII));
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        };
    }

    /** Announces {@code declared} bytes, sends {@code sent} of them and closes. */
    static Answer shortOfItsLength(int declared, int sent) {
        return (socket, out) -> {
            out.write(head(200, "Content-Length: " + declared));
            out.write(ENVELOPE.substring(0, Math.min(sent, ENVELOPE.length())).getBytes(StandardCharsets.UTF_8));
            out.write(" ".repeat(Math.max(0, sent - ENVELOPE.length())).getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
    }

    private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] head(int status, String framing) {
        return ("HTTP/1.1 " + status + " OK\r\nContent-Type: text/xml; charset=utf-8\r\n" + framing
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread handler = new Thread(() -> handle(socket), "raw-shop-call");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        inFlight.incrementAndGet();
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            received.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            answer.write(socket, out);
            out.flush();
        } catch (IOException | InterruptedException gone) {
            // the relay closed its side
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new SocketException("closed before the request's head ended");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        released = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
