package org.opensirelay.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ERP posting {@code setComments} without pause, as its connector does when it catches up: a few
 * threads, each sending envelopes of new comments one after the other, each comment once. It keeps
 * what a real ERP's connector keeps: which items were acknowledged (1001 created, 2001 already there,
 * 1002 updated) and which requests failed (any other answer, a fault, a refused or broken connection,
 * no answer within the client's deadline) — those an ERP sends again at its next run.
 */
public final class ErpLoad implements AutoCloseable {

    /** One request that did not get an acknowledgement of every item. */
    public record Failure(Instant at, String what) {}

    private static final Pattern ENTRY =
            Pattern.compile("<(?:\\w+:)?Key>(\\d+)</(?:\\w+:)?Key>\\s*<(?:\\w+:)?Code>(\\d+)</(?:\\w+:)?Code>");

    private final URI endpoint;
    private final String key;
    private final String websiteCode;
    private final int itemsPerEnvelope;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicInteger nextId;
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> failedIds = Collections.synchronizedList(new ArrayList<>());
    private final List<Instant> answered = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Duration pace = Duration.ZERO;

    private ErpLoad(URI endpoint, String key, String websiteCode, int firstId, int itemsPerEnvelope) {
        this.endpoint = endpoint;
        this.key = key;
        this.websiteCode = websiteCode;
        this.itemsPerEnvelope = itemsPerEnvelope;
        this.nextId = new AtomicInteger(firstId);
    }

    /** Starts {@code clients} threads posting to {@code endpoint} (e.g. {@code http://127.0.0.1:8080/soap/opensi}). */
    public static ErpLoad start(
            URI endpoint, String key, String websiteCode, int clients, int itemsPerEnvelope, int firstId) {
        return start(endpoint, key, websiteCode, clients, itemsPerEnvelope, firstId, Duration.ZERO);
    }

    /**
     * As above, each client starting a request at most every {@code pace}: the items posted then
     * depend on the time the load runs, not on how fast the machine is (without it, a quiet machine
     * posted 6 times more, and what comes after the load — the delivery of every item within its
     * deadline — ran past that deadline).
     */
    public static ErpLoad start(
            URI endpoint,
            String key,
            String websiteCode,
            int clients,
            int itemsPerEnvelope,
            int firstId,
            Duration pace) {
        ErpLoad load = new ErpLoad(endpoint, key, websiteCode, firstId, itemsPerEnvelope);
        load.pace = pace;
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(load::postUntilStopped, "erp-load-" + i);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private void postUntilStopped() {
        while (running) {
            long started = System.nanoTime();
            int first = nextId.getAndAdd(itemsPerEnvelope);
            post(first);
            long rest = pace.toNanos() - (System.nanoTime() - started);
            if (rest > 0 && running) {
                try {
                    Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void post(int first) {
        String body = envelope(first, itemsPerEnvelope);
        long started = System.nanoTime();
        requests.incrementAndGet();
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "text/xml; charset=utf-8")
                            .header("SOAPAction", "\"\"")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
            List<Integer> ok = new ArrayList<>();
            Matcher entry = ENTRY.matcher(answer.body());
            while (entry.find()) {
                int code = Integer.parseInt(entry.group(2));
                if (code == 1001 || code == 1002 || code == 2001) {
                    ok.add(Integer.parseInt(entry.group(1)));
                }
            }
            if (answer.statusCode() == 200 && ok.size() == itemsPerEnvelope) {
                acknowledged.addAll(ok);
                answered.add(Instant.now());
            } else {
                acknowledged.addAll(ok);
                failed(
                        first,
                        "HTTP " + answer.statusCode() + ": "
                                + answer.body()
                                        .substring(
                                                0, Math.min(300, answer.body().length())));
            }
        } catch (IOException e) {
            failed(first, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(first, "interrupted");
        }
    }

    private void failed(int first, String what) {
        failures.add(
                new Failure(Instant.now(), "comments " + first + ".." + (first + itemsPerEnvelope - 1) + ": " + what));
        for (int id = first; id < first + itemsPerEnvelope; id++) {
            failedIds.add(id);
        }
    }

    /** The same comments again (as an ERP does at its next run for a request that failed), until each is acknowledged. */
    public void resendFailed(Duration within) {
        Instant deadline = Instant.now().plus(within);
        List<Integer> pending = new ArrayList<>(failedIds);
        pending.removeAll(acknowledged);
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            int id = pending.get(0);
            String body = envelope(id, 1);
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(endpoint)
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "text/xml; charset=utf-8")
                                .header("SOAPAction", "\"\"")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher entry = ENTRY.matcher(answer.body());
                if (answer.statusCode() == 200 && entry.find()) {
                    acknowledged.add(id);
                    pending.remove(0);
                }
            } catch (IOException e) {
                // the next try
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops posting; waits for the requests under way. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public long requests() {
        return requests.get();
    }

    public Set<Integer> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    public List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Failures between two instants. */
    public List<Failure> failuresBetween(Instant from, Instant to) {
        return failures().stream()
                .filter(f -> !f.at().isBefore(from) && !f.at().isAfter(to))
                .toList();
    }

    /** The longest time between two acknowledged requests, from {@code from} on: how long the ERP saw nothing go through. */
    public Duration longestPauseSince(Instant from) {
        List<Instant> times;
        synchronized (answered) {
            times = answered.stream().filter(t -> !t.isBefore(from)).sorted().toList();
        }
        Duration longest = Duration.ZERO;
        Instant previous = from;
        for (Instant t : times) {
            Duration gap = Duration.between(previous, t);
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            previous = t;
        }
        return longest;
    }

    public long slowestMillis() {
        return slowestMillis.get();
    }

    private String envelope(int first, int count) {
        return envelope(key, websiteCode, first, count);
    }

    /** The envelope this load sends for comments {@code first} … {@code first + count - 1}, on orders of three comments each. */
    public static String envelope(String key, String websiteCode, int first, int count) {
        StringBuilder items = new StringBuilder();
        for (int id = first; id < first + count; id++) {
            items.append("<open:Comment><xsd:OrderNumber>CC")
                    .append(id / 3)
                    .append("</xsd:OrderNumber><xsd:WebOrderNumber>")
                    .append(id / 3)
                    .append("</xsd:WebOrderNumber><xsd:CommentId>")
                    .append(id)
                    .append("</xsd:CommentId><xsd:Comment>Colis remis au transporteur, suivi ")
                    .append(id)
                    .append("</xsd:Comment><xsd:CommentDate>2026-12-07</xsd:CommentDate>")
                    .append("<xsd:SendMail>false</xsd:SendMail><xsd:VisibleForCustomer>true</xsd:VisibleForCustomer>")
                    .append("</open:Comment>");
        }
        return "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:open=\"http://www.opensi.fr\" xmlns:xsd=\"http://www.opensi.fr/xsd\">"
                + "<soapenv:Header><open:Header><open:key>" + key + "</open:key></open:Header></soapenv:Header>"
                + "<soapenv:Body><open:setCommentsRequest><open:Website_Code>" + websiteCode + "</open:Website_Code>"
                + items + "</open:setCommentsRequest></soapenv:Body></soapenv:Envelope>";
    }
}
