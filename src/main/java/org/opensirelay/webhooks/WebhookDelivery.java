package org.opensirelay.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import org.opensirelay.background.Workers;
import org.opensirelay.delivery.DeliveryProperties;
import org.opensirelay.delivery.RetryPolicy;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.outbox.OutboxRow;
import org.opensirelay.text.Sql;
import org.opensirelay.text.Text;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends webhook events from the outbox, with the guarantees of the SOAP deliveries: claimed under a
 * lease (so that nodes side by side never send one twice at once), in order per subscription and per
 * order or return, retried with backoff on a timeout or an answer other than 2xx, given up after
 * {@code relay.delivery.max-attempts} (visible, and retried, on the console). A message keeps its
 * {@code webhook-id} across retries; each attempt is signed anew with the secrets valid then. No
 * redirect is followed and no more than an excerpt of an answer is read.
 *
 * <p>A receiver can be slow or stall (announce a body and never send it), so no receiver holds a
 * thread: an attempt is sent asynchronously and has one deadline, {@code relay.webhooks.timeout},
 * for everything, connection, headers and body, after which it is abandoned and its connection
 * closed. A subscription has at most one attempt under way on a node, its events one after the
 * other; its other events claimed meanwhile are given back at once. A few threads do the database
 * work of every website (claims, settlements: short, and never waiting on a receiver), the sweep has
 * a thread of its own, and the deadlines another: two stalling receivers cost their own
 * subscriptions' attempts, never another website's.
 *
 * <p><b>Why one class of this size</b> (≈530 lines): claim, send and settle share the lease owner,
 * the one-attempt-per-subscription map and the three executors whose lifecycle it runs; signing
 * ({@link StandardWebhooks}), destinations ({@link Destinations}) and subscriptions
 * ({@link WebhookSubscriptions}) are their own classes.
 */
@Component
class WebhookDelivery implements SmartLifecycle {

    /** Stopped after the web server (whose graceful stop is at DEFAULT_PHASE - 1024), started before it. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    /** What is kept of a refusing receiver's answer, for the operator. */
    static final int EXCERPT_BYTES = 300;

    private final Outbox outbox;
    private final WebhookSubscriptions subscriptions;
    private final SigningSecrets secrets;
    private final WebhooksProperties properties;
    private final DeliveryProperties delivery;
    private final RetryPolicy retry;
    private final WebsiteRegistry websites;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final HttpClient http;
    private final String owner = "webhooks-" + UUID.randomUUID().toString().substring(0, 8);
    /*
     * Each made at a start and ended at the stop after it ({@code relay-webhook-delivery-1} …). A
     * stop lets the attempts under way end first (see stop()).
     */
    /** Claims, event reads, settlements: database work, never a wait on a receiver. */
    private final Workers workers = Workers.fixed("webhook-delivery", 2, Duration.ofSeconds(2));
    /** Looks up the receivers' hosts (a DNS server can be slow): never the workers' time. */
    private final Workers resolving = Workers.growing("webhook-resolve", Duration.ZERO);
    /** The periodic sweep, alone on its thread. */
    private final Workers sweeper = Workers.scheduled("webhook-sweep", Duration.ZERO);
    /** The attempts' deadlines. */
    private final Workers deadlines = Workers.scheduled("webhook-deadline", Duration.ZERO);
    /** The HTTP client's own work (answers read, futures completed): the JDK's default pool would outlive a stop. */
    private final Workers exchanges = Workers.growing("webhook-http", Duration.ofSeconds(1));
    /** Websites whose claim is queued or under way on this node: one at a time per website. */
    private final Set<Long> claiming = ConcurrentHashMap.newKeySet();
    /** Websites nudged while their claim was under way: claimed again once it ends. */
    private final Set<Long> claimAgain = ConcurrentHashMap.newKeySet();
    /** Subscriptions with an attempt under way on this node: one at a time per subscription. */
    private final Set<Long> sending = ConcurrentHashMap.newKeySet();

    /** Started and not stopped (see {@link #start()}). */
    private volatile boolean running;
    /** Closing for good: no more database work, nothing logged of what is cut short. */
    private volatile boolean stopping;

    private ScheduledFuture<?> sweeps;
    private volatile Destinations.Resolver resolver = Destinations.DNS;

    WebhookDelivery(
            Outbox outbox,
            WebhookSubscriptions subscriptions,
            SigningSecrets secrets,
            WebhooksProperties properties,
            DeliveryProperties delivery,
            WebsiteRegistry websites,
            JdbcTemplate jdbc,
            Clock clock) {
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.secrets = secrets;
        this.properties = properties;
        this.delivery = delivery;
        this.retry = new RetryPolicy(delivery, RandomGenerator.getDefault());
        this.websites = websites;
        this.jdbc = jdbc;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .executor(exchanges)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Sweeps and nudges run while the relay runs: from its start to its stop, which comes once the web
     * server has finished its requests (a phase below it). A test's cached context, paused while
     * another runs, stops too: else its sweep, with its own clock and websites, would claim and send
     * the other context's events from the database they share.
     */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        stopping = false;
        workers.start();
        resolving.start();
        deadlines.start();
        exchanges.start();
        sweeper.start();
        running = true;
        if (properties.enabled()) {
            long every = properties.sweepEvery().toMillis();
            sweeps = sweeper.scheduler().scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * No sweep, nudge or next event starts; the attempts under way end within their deadline
     * ({@code relay.webhooks.timeout}) and are settled while the database is there, the events behind
     * them given back. What is still under way then is abandoned: its rows' leases run out and it is
     * sent again. Then every thread of this class ends.
     */
    @Override
    public void stop() {
        synchronized (this) {
            running = false;
            if (sweeps != null) {
                sweeps.cancel(false);
                sweeps = null;
            }
        }
        long until = System.nanoTime() + properties.timeout().plusSeconds(1).toNanos();
        try {
            while ((!sending.isEmpty() || !claiming.isEmpty()) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopping = true;
        sweeper.stop();
        deadlines.stop();
        resolving.stop();
        workers.stop();
        exchanges.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** New events of this website are committed: claim and send them now. */
    void nudge(long websiteId) {
        if (!running) {
            return; // they stay pending: the sweep, here once started again or on another node, sends them
        }
        if (!claiming.add(websiteId)) {
            claimAgain.add(websiteId);
            return;
        }
        try {
            workers.execute(() -> claim(websiteId));
        } catch (RejectedExecutionException e) {
            claiming.remove(websiteId); // stopping: the rows stay pending
        }
    }

    /** Every website with subscriptions: what is due (retries, and anything a nudge missed). */
    void sweep() {
        try {
            subscriptions.websitesWithSubscriptions().forEach(this::nudge);
        } catch (RuntimeException e) {
            if (!stopping) {
                log.warn("webhook sweep failed: {}", e.toString());
            }
        }
    }

    /** One stored event of a webhook_event row, and the row it travels in. */
    private record Pending(OutboxRow row, long subscriptionId, String type, String messageId, String body) {}

    /**
     * Claims what is due for one website, batch after batch, and starts each subscription's events
     * on their way; returns without waiting for any receiver.
     */
    private void claim(long websiteId) {
        try {
            boolean more = true;
            while (more && running) {
                Instant now = clock.instant();
                Instant leaseUntil = now.plus(delivery.lease());
                List<OutboxRow> rows =
                        outbox.claim(websiteId, WebhookRecorder.KIND, properties.batchSize(), owner, now, leaseUntil);
                if (rows.isEmpty()) {
                    return;
                }
                Map<Long, List<Pending>> bySubscription = new LinkedHashMap<>();
                for (Pending pending : events(websiteId, rows)) {
                    bySubscription
                            .computeIfAbsent(pending.subscriptionId(), s -> new ArrayList<>())
                            .add(pending);
                }
                boolean givenBack = false;
                for (Map.Entry<Long, List<Pending>> entry : bySubscription.entrySet()) {
                    Optional<WebhookSubscriptions.Subscription> to = subscriptions.byId(entry.getKey());
                    if (to.isEmpty()) {
                        entry.getValue().forEach(p -> dead(p, "the subscription was deleted"));
                    } else if (sending.add(entry.getKey())) {
                        sendInOrder(websiteId, to.get(), entry.getValue(), 0, leaseUntil);
                    } else {
                        // Its earlier events are still on their way: these wait their turn (uncounted).
                        release(entry.getValue());
                        givenBack = true;
                    }
                }
                more = rows.size() == properties.batchSize() && !givenBack;
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                log.warn("webhook delivery website_id={} failed: {}", websiteId, e.toString());
            }
        } finally {
            claiming.remove(websiteId);
            if (claimAgain.remove(websiteId)) {
                nudge(websiteId);
            }
        }
    }

    /** The stored events of claimed rows, in claim order; rows whose event is gone are settled dead. */
    private List<Pending> events(long websiteId, List<OutboxRow> rows) {
        Map<Long, Pending> byEvent = new HashMap<>();
        List<Long> ids = rows.stream().map(r -> Long.valueOf(r.itemKey())).toList();
        Map<Long, OutboxRow> rowByEvent = new HashMap<>();
        rows.forEach(r -> rowByEvent.put(Long.valueOf(r.itemKey()), r));
        jdbc.query(
                "SELECT id, subscription_id, event_type, message_id, body FROM webhook_event WHERE website_id = ?"
                        + " AND id IN (" + Sql.markers(ids.size()) + ")",
                rs -> {
                    long id = rs.getLong("id");
                    byEvent.put(
                            id,
                            new Pending(
                                    rowByEvent.get(id),
                                    rs.getLong("subscription_id"),
                                    rs.getString("event_type"),
                                    rs.getString("message_id"),
                                    rs.getString("body")));
                },
                Stream.concat(Stream.of(websiteId), ids.stream()).toArray());
        List<Pending> found = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            Pending pending = byEvent.get(Long.valueOf(row.itemKey()));
            if (pending == null) {
                outbox.dead(row.id(), owner, null, "the event is no longer stored", clock.instant());
            } else {
                found.add(pending);
            }
        }
        return found;
    }

    /**
     * Sends a subscription's events from {@code next} on, each once the one before it is settled;
     * stops at the first not taken (what follows must not overtake it) and gives the rest back.
     */
    private void sendInOrder(
            long websiteId, WebhookSubscriptions.Subscription to, List<Pending> events, int next, Instant leaseUntil) {
        if (next == events.size() || !running) {
            release(events.subList(next, events.size()));
            sending.remove(to.id());
            if (next == events.size() && running) {
                nudge(websiteId); // all taken: whatever is due behind them may go now
            }
            return;
        }
        if (clock.instant().plus(properties.timeout()).isAfter(leaseUntil)) {
            // The lease could run out under this attempt, and another node send the event too.
            release(events.subList(next, events.size()));
            sending.remove(to.id());
            nudge(websiteId);
            return;
        }
        Pending event = events.get(next);
        attempt(websiteId, to, event)
                .thenAcceptAsync(
                        outcome -> {
                            if (settle(websiteId, to, event, outcome)) {
                                sendInOrder(websiteId, to, events, next + 1, leaseUntil);
                            } else {
                                release(events.subList(next + 1, events.size()));
                                sending.remove(to.id()); // the sweep tries again when it is due
                            }
                        },
                        workers)
                .exceptionally(e -> {
                    sending.remove(to.id());
                    if (!stopping) {
                        log.warn(
                                "webhook delivery website_id={} subscription={} failed: {}",
                                websiteId,
                                to.id(),
                                e.toString());
                    }
                    return null;
                });
    }

    private void release(List<Pending> events) {
        if (!events.isEmpty() && !stopping) {
            outbox.release(events.stream().map(p -> p.row().id()).toList(), owner);
        }
    }

    private void dead(Pending event, String why) {
        outbox.dead(event.row().id(), owner, null, why, clock.instant());
    }

    /** Settles an attempt's row; true if the receiver took the event. */
    private boolean settle(long websiteId, WebhookSubscriptions.Subscription to, Pending event, Outcome outcome) {
        OutboxRow row = event.row();
        Instant now = clock.instant();
        if (outcome.status() >= 200 && outcome.status() < 300) {
            outbox.delivered(List.of(row.id()), owner, outcome.status(), null, now);
            log.info(
                    "webhook delivered website_id={} subscription={} type={} id={} status={} attempts={}",
                    websiteId,
                    to.id(),
                    event.type(),
                    event.messageId(),
                    outcome.status(),
                    row.attempts());
            return true;
        }
        if (retry.exhausted(row.attempts(), row.createdAt(), now)) {
            outbox.dead(row.id(), owner, outcome.status() == 0 ? null : outcome.status(), outcome.error(), now);
            log.error(
                    "webhook given up website_id={} subscription={} type={} id={} attempts={} error=\"{}\"",
                    websiteId,
                    to.id(),
                    event.type(),
                    event.messageId(),
                    row.attempts(),
                    outcome.error());
        } else {
            outbox.retryLater(
                    row.id(),
                    owner,
                    outcome.status() == 0 ? null : outcome.status(),
                    outcome.error(),
                    now.plus(retry.delayAfter(row.attempts())));
            log.warn(
                    "webhook refused website_id={} subscription={} type={} id={} attempts={} error=\"{}\" (tried again later)",
                    websiteId,
                    to.id(),
                    event.type(),
                    event.messageId(),
                    row.attempts(),
                    outcome.error());
        }
        return false;
    }

    /** What an attempt got: the receiver's status (0 for none) and, unless 2xx, why. */
    private record Outcome(int status, String error) {}

    /** One attempt, under its deadline; completes with its outcome, never exceptionally. */
    private CompletableFuture<Outcome> attempt(long websiteId, WebhookSubscriptions.Subscription to, Pending event) {
        boolean privateAllowed = privateAllowed(websiteId);
        return CompletableFuture.supplyAsync(
                        () -> Destinations.refusal(to.url(), privateAllowed, resolver), resolving.executor())
                .thenCompose(refused -> refused.isPresent()
                        ? CompletableFuture.completedFuture(new Outcome(0, "not sent: " + refused.get()))
                        : send(to, event))
                .exceptionally(e -> new Outcome(0, "not sent: " + e));
    }

    private CompletableFuture<Outcome> send(WebhookSubscriptions.Subscription to, Pending event) {
        Instant now = clock.instant();
        byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = now.getEpochSecond();
        List<String> valid = WebhookSubscriptions.signingGenerations(to, now).stream()
                .map(g -> secrets.secret(to.id(), g))
                .toList();
        HttpRequest request = HttpRequest.newBuilder(URI.create(to.url()))
                // The client's own timer covers the attempt up to the answer's headers (and closes the
                // connection of one that never got them); the deadline below covers the body too.
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "opensi-relay-webhooks")
                .header(StandardWebhooks.ID, event.messageId())
                .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
                .header(
                        StandardWebhooks.SIGNATURE,
                        StandardWebhooks.signatureHeader(valid, event.messageId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        ReceiverAnswer answer = new ReceiverAnswer(EXCERPT_BYTES);
        CompletableFuture<HttpResponse<ReceiverAnswer>> exchange = http.sendAsync(request, answer::subscriber);
        // The deadline ends the attempt whatever it waits for: the connection, the headers or the body.
        ScheduledFuture<?> deadline = deadlines
                .scheduler()
                .schedule(
                        () -> {
                            answer.cut();
                            exchange.cancel(true);
                        },
                        properties.timeout().toMillis(),
                        TimeUnit.MILLISECONDS);
        return exchange.handle((response, error) -> {
            if (error != null || answer.ended()) {
                deadline.cancel(false);
            }
            if (answer.status() > 0 && (error == null || answer.wasCut())) {
                return outcome(answer);
            }
            return failure(to, error, answer);
        });
    }

    /** The receiver's status, and for any but 2xx what it said, as far as it came within the deadline. */
    private Outcome outcome(ReceiverAnswer answer) {
        int status = answer.status();
        if (answer.accepted()) {
            return new Outcome(status, null);
        }
        String excerpt = answer.excerpt();
        String location = answer.location() == null ? "" : " (redirect to " + answer.location() + " not followed)";
        String cut = answer.wasCut()
                ? ", its answer not complete within " + seconds() + " (relay.webhooks.timeout): " + answer.received()
                        + (answer.announced() >= 0 ? " of its " + answer.announced() : "") + " bytes came"
                : "";
        return new Outcome(
                status,
                "HTTP " + status + location + cut
                        + (excerpt.isBlank() ? "" : ": " + Text.abbreviate(Text.printable(excerpt.strip()), 200)));
    }

    private Outcome failure(WebhookSubscriptions.Subscription to, Throwable error, ReceiverAnswer answer) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpConnectTimeoutException) {
            return new Outcome(0, "no connection to " + to.url() + " within " + seconds());
        }
        if (cause instanceof HttpTimeoutException || cause instanceof CancellationException) {
            return new Outcome(0, "no answer from " + to.url() + " within " + seconds());
        }
        if (cause instanceof IOException && answer.status() > 0) {
            return new Outcome(
                    answer.status(),
                    "HTTP " + answer.status() + ", its answer broken off after " + answer.received() + " bytes: "
                            + cause);
        }
        if (cause instanceof IOException) {
            return new Outcome(0, "connection to " + to.url() + " failed: " + cause);
        }
        return new Outcome(0, "not sent: " + cause);
    }

    private String seconds() {
        return properties.timeout().toSeconds() + " s";
    }

    boolean privateAllowed(long websiteId) {
        return websites.website(websiteId).map(this::privateAllowed).orElse(false);
    }

    boolean privateAllowed(Website website) {
        return websites.isDemoWebsite(website)
                || properties.allowPrivateNetworks().contains(website.code());
    }

    /** For tests of the address rules without DNS. */
    void resolveWith(Destinations.Resolver resolver) {
        this.resolver = resolver;
    }
}
