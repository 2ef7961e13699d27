package org.opensirelay.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * The load of the benchmark, run in a JVM of its own: {@code concurrency} keep-alive connections,
 * each posting {@code setCommentsRequest} envelopes of {@code items} comments back to back (a closed
 * loop, like wrk), every comment with a CommentId never sent before. A request counts as an error
 * unless it is answered HTTP 200 with one {@code Code 1001} per item. Latency is recorded in
 * microseconds in an HdrHistogram, only for requests that end inside the measuring window, after
 * the warm-up.
 *
 * <p>Prints one line: {@code RESULT requests=… errors=… seconds=… p50=… p99=… p999=… max=… ids=…}
 * (latencies in µs; {@code ids}: how many CommentIds it used, warm-up included).
 *
 * <p>With {@code total-items} instead of a duration it sends that many items and stops (to fill a
 * backlog).
 */
public final class LoadGenerator {

    /** The OpenSi article's comment, as ERP clients send it. */
    static final String COMMENT_TEXT = "L'article demo_1_ws (couleur blanche) n'est malheureusement plus en stock, "
            + "souhaitez-vous le remplacer par l'article demo_1-bs (couleur noire) ? En vous remerciant par avance "
            + "de votre retour. Cordialement, le service client.";

    private static final byte[] CREATED = "Code>1001<".getBytes(StandardCharsets.US_ASCII);

    private final URI url;
    private final String websiteCode;
    private final String key;
    private final int items;
    private final int concurrency;
    private final long warmupNanos;
    private final long durationNanos;
    private final long totalItems;
    private final AtomicLong nextId;
    private final AtomicLong itemsLeft;

    private LoadGenerator(Map<String, String> args) {
        url = URI.create(args.get("url"));
        websiteCode = args.get("website");
        key = args.get("key");
        items = Integer.parseInt(args.getOrDefault("items", "1"));
        concurrency = Integer.parseInt(args.getOrDefault("concurrency", "1"));
        warmupNanos = (long) (Double.parseDouble(args.getOrDefault("warmup", "0")) * 1e9);
        durationNanos = (long) (Double.parseDouble(args.getOrDefault("duration", "0")) * 1e9);
        totalItems = Long.parseLong(args.getOrDefault("total-items", "0"));
        nextId = new AtomicLong(Long.parseLong(args.getOrDefault("first-id", "1")));
        itemsLeft = new AtomicLong(totalItems);
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            args.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        long firstId = Long.parseLong(args.getOrDefault("first-id", "1"));
        LoadGenerator generator = new LoadGenerator(args);
        Result result = generator.run();
        System.out.println("RESULT requests=" + result.requests + " errors=" + result.errors
                + " seconds=" + String.format("%.3f", result.seconds)
                + " p50=" + result.latency.getValueAtPercentile(50)
                + " p99=" + result.latency.getValueAtPercentile(99)
                + " p999=" + result.latency.getValueAtPercentile(99.9)
                + " max=" + result.latency.getMaxValue()
                + " ids=" + (generator.nextId.get() - firstId)
                + (result.firstError == null ? "" : " firstError=" + result.firstError.replaceAll("\\s+", "_")));
    }

    private record Result(long requests, long errors, double seconds, Histogram latency, String firstError) {}

    private Result run() throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long measureUntil = totalItems > 0 ? Long.MAX_VALUE : measureFrom + durationNanos;
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Worker worker = new Worker(measureFrom, measureUntil);
            workers.add(worker);
            worker.start();
        }
        Histogram latency = new Histogram(60_000_000L, 3);
        long requests = 0;
        long errors = 0;
        String firstError = null;
        for (Worker worker : workers) {
            worker.join();
            latency.add(worker.latency);
            requests += worker.requests;
            errors += worker.errors;
            if (firstError == null) {
                firstError = worker.firstError;
            }
        }
        double seconds = totalItems > 0 ? (System.nanoTime() - start) / 1e9 : durationNanos / 1e9;
        return new Result(requests, errors, seconds, latency, firstError);
    }

    private final class Worker extends Thread {

        final Histogram latency = new Histogram(60_000_000L, 3);
        final long measureFrom;
        final long measureUntil;
        long requests;
        long errors;
        String firstError;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private byte[] body = new byte[64 * 1024];

        Worker(long measureFrom, long measureUntil) {
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                int count = items;
                if (totalItems > 0) {
                    long left = itemsLeft.getAndAdd(-items);
                    if (left <= 0) {
                        break;
                    }
                    count = (int) Math.min(items, left);
                } else if (System.nanoTime() >= measureUntil) {
                    break;
                }
                byte[] request = request(count, nextId.getAndAdd(count));
                long sent = System.nanoTime();
                String error;
                try {
                    error = exchange(request, count);
                } catch (IOException e) {
                    error = "connection: " + e;
                    close();
                }
                long done = System.nanoTime();
                if (done >= measureFrom && done < measureUntil) {
                    requests++;
                    latency.recordValue(Math.min((done - sent) / 1000, 60_000_000L));
                    if (error != null) {
                        errors++;
                        if (firstError == null) {
                            firstError = error;
                        }
                    }
                }
                if (error != null && error.startsWith("connection")) {
                    pause();
                }
            }
            close();
        }

        /** One request and its whole answer; null when answered right, else what was wrong. */
        private String exchange(byte[] request, int count) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
                socket.setSoTimeout(60_000);
                in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closeAfter = true;
                }
            }
            int size = chunked ? readChunked() : readFully(length);
            if (closeAfter) {
                close();
            }
            if (code != 200) {
                return "HTTP " + code + ": " + new String(body, 0, Math.min(size, 300), StandardCharsets.UTF_8);
            }
            int created = occurrences(body, size, CREATED);
            return created == count
                    ? null
                    : "expected " + count + " x 1001, got " + created + ": "
                            + new String(body, 0, Math.min(size, 300), StandardCharsets.UTF_8);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        private int readFully(int length) throws IOException {
            ensure(length);
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    throw new EOFException("answer cut short");
                }
                read += n;
            }
            return length;
        }

        private int readChunked() throws IOException {
            int size = 0;
            while (true) {
                int chunk = Integer.parseInt(line().split(";")[0].trim(), 16);
                if (chunk == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return size;
                }
                ensure(size + chunk);
                int read = 0;
                while (read < chunk) {
                    int n = in.read(body, size + read, chunk - read);
                    if (n < 0) {
                        throw new EOFException("answer cut short");
                    }
                    read += n;
                }
                size += chunk;
                line();
            }
        }

        private void ensure(int capacity) {
            if (body.length < capacity) {
                body = Arrays.copyOf(body, Math.max(capacity, body.length * 2));
            }
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }

        private void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The HTTP request: headers and a {@code setCommentsRequest} of {@code count} new comments. */
    byte[] request(int count, long firstId) {
        byte[] envelope = envelope(websiteCode, key, count, firstId).getBytes(StandardCharsets.UTF_8);
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                        + "\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\nContent-Length: "
                        + envelope.length
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + envelope.length);
        System.arraycopy(envelope, 0, request, head.length, envelope.length);
        return request;
    }

    /**
     * A setComments envelope of {@code count} comments with CommentIds from {@code firstId}, two
     * comments per shop order (as a customer service thread would have).
     */
    static String envelope(String websiteCode, String key, int count, long firstId) {
        StringBuilder xml = new StringBuilder(600 + count * 520);
        xml.append("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                        + "xmlns:open=\"http://www.opensi.fr\" xmlns:xsd=\"http://www.opensi.fr/xsd\">"
                        + "<soapenv:Header><open:Header><open:key>")
                .append(key)
                .append("</open:key></open:Header></soapenv:Header>"
                        + "<soapenv:Body><open:setCommentsRequest><open:Website_Code>")
                .append(websiteCode)
                .append("</open:Website_Code>");
        for (long id = firstId; id < firstId + count; id++) {
            xml.append("<open:Comment><xsd:OrderNumber>CC")
                    .append(id / 2)
                    .append("</xsd:OrderNumber><xsd:WebOrderNumber>")
                    .append(id / 2)
                    .append("</xsd:WebOrderNumber><xsd:CommentId>")
                    .append(id)
                    .append("</xsd:CommentId><xsd:Comment>")
                    .append(COMMENT_TEXT)
                    .append(
                            "</xsd:Comment><xsd:CommentDate>2020-05-01</xsd:CommentDate><xsd:SendMail>true</xsd:SendMail>"
                                    + "<xsd:VisibleForCustomer>true</xsd:VisibleForCustomer></open:Comment>");
        }
        return xml.append("</open:setCommentsRequest></soapenv:Body></soapenv:Envelope>")
                .toString();
    }

    private static int occurrences(byte[] text, int length, byte[] pattern) {
        int found = 0;
        outer:
        for (int i = 0; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (text[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }
}
