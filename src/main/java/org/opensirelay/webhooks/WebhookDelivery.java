package org.opensirelay.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import jakarta.annotation.PreDestroy;

import org.opensirelay.delivery.DeliveryProperties;
import org.opensirelay.delivery.RetryPolicy;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.outbox.OutboxRow;
import org.opensirelay.text.Text;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends webhook events from the outbox, with the guarantees of the SOAP deliveries: claimed under a
 * lease (so that nodes side by side never send one twice at once), in order per subscription and per
 * order or return, retried with backoff on a timeout or an answer other than 2xx, given up after
 * {@code relay.delivery.max-attempts} (visible, and retried, on the console). A message keeps its
 * {@code webhook-id} across retries; each attempt is signed anew with the secrets valid then. Runs on
 * threads of its own: a slow receiver never slows ingest. No redirect is followed, the time of each
 * call is bounded and no more than an excerpt of an answer is read.
 */
@Component
class WebhookDelivery {

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
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "webhook-delivery");
        thread.setDaemon(true);
        return thread;
    });
    /** Websites a run is under way or asked for, on this node: one run at a time per website. */
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();

    private final Set<Long> running = ConcurrentHashMap.newKeySet();
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
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!properties.enabled()) {
            return;
        }
        long every = properties.sweepEvery().toMillis();
        threads.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(properties.timeout().toSeconds() + 1, TimeUnit.SECONDS);
    }

    /** New events of this website are committed: send them now, on a delivery thread. */
    void nudge(long websiteId) {
        if (queued.add(websiteId)) {
            threads.execute(() -> {
                queued.remove(websiteId);
                deliverDue(websiteId);
            });
        }
    }

    /** Every website with subscriptions: what is due (retries, and anything a nudge missed). */
    void sweep() {
        try {
            subscriptions.websitesWithSubscriptions().forEach(this::deliverDue);
        } catch (RuntimeException e) {
            log.warn("webhook sweep failed: {}", e.toString());
        }
    }

    /** Sends what is due for one website, batch after batch; returns how many events were sent. */
    int deliverDue(long websiteId) {
        if (!running.add(websiteId)) {
            nudgeLater(websiteId);
            return 0;
        }
        try {
            int sent = 0;
            while (true) {
                Instant now = clock.instant();
                List<OutboxRow> rows = outbox.claim(
                        websiteId,
                        WebhookRecorder.KIND,
                        properties.batchSize(),
                        owner,
                        now,
                        now.plus(delivery.lease()));
                if (rows.isEmpty()) {
                    return sent;
                }
                for (int i = 0; i < rows.size(); i++) {
                    sent++;
                    if (!send(websiteId, rows.get(i))) {
                        // Nothing after a failure in this batch: a later event of the same order must not
                        // overtake it. Given back, the others are claimed again, and those it holds wait.
                        outbox.release(
                                rows.subList(i + 1, rows.size()).stream()
                                        .map(OutboxRow::id)
                                        .toList(),
                                owner);
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("webhook delivery website_id={} failed: {}", websiteId, e.toString());
            return 0;
        } finally {
            running.remove(websiteId);
        }
    }

    private void nudgeLater(long websiteId) {
        threads.schedule(() -> nudge(websiteId), 200, TimeUnit.MILLISECONDS);
    }

    /** One stored event of a webhook_event row. */
    private record StoredEvent(long subscriptionId, String type, String messageId, String body) {}

    /** Sends one event and settles its row; false unless the receiver took it. */
    private boolean send(long websiteId, OutboxRow row) {
        Optional<StoredEvent> found = jdbc
                .query(
                        "SELECT subscription_id, event_type, message_id, body FROM webhook_event WHERE id = ?",
                        (rs, n) -> new StoredEvent(
                                rs.getLong("subscription_id"),
                                rs.getString("event_type"),
                                rs.getString("message_id"),
                                rs.getString("body")),
                        Long.valueOf(row.itemKey()))
                .stream()
                .findFirst();
        Optional<WebhookSubscriptions.Subscription> subscription =
                found.flatMap(e -> subscriptions.byId(e.subscriptionId()));
        if (found.isEmpty() || subscription.isEmpty()) {
            outbox.dead(
                    row.id(),
                    owner,
                    null,
                    found.isEmpty() ? "the event is no longer stored" : "the subscription was deleted",
                    clock.instant());
            return true;
        }
        StoredEvent event = found.get();
        WebhookSubscriptions.Subscription to = subscription.get();
        Outcome outcome = attempt(websiteId, to, event);
        Instant now = clock.instant();
        if (outcome.status() >= 200 && outcome.status() < 300) {
            outbox.delivered(List.of(row.id()), owner, outcome.status(), now);
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

    private Outcome attempt(long websiteId, WebhookSubscriptions.Subscription to, StoredEvent event) {
        Optional<String> refused = Destinations.refusal(to.url(), privateAllowed(websiteId), resolver);
        if (refused.isPresent()) {
            return new Outcome(0, "not sent: " + refused.get());
        }
        Instant now = clock.instant();
        byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = now.getEpochSecond();
        List<String> valid = WebhookSubscriptions.signingGenerations(to, now).stream()
                .map(g -> secrets.secret(to.id(), g))
                .toList();
        HttpRequest request = HttpRequest.newBuilder(URI.create(to.url()))
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
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answer = response.body()) {
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Outcome(status, null);
                }
                String excerpt = new String(answer.readNBytes(EXCERPT_BYTES), StandardCharsets.UTF_8);
                String location = response.headers()
                        .firstValue("Location")
                        .map(l -> " (redirect to " + l + " not followed)")
                        .orElse("");
                return new Outcome(
                        status,
                        "HTTP " + status + location
                                + (excerpt.isBlank() ? "" : ": " + Text.abbreviate(excerpt.strip(), 200)));
            }
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(
                    0,
                    "no connection to " + to.url() + " within "
                            + properties.timeout().toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            return new Outcome(
                    0,
                    "no answer from " + to.url() + " within "
                            + properties.timeout().toSeconds() + " s");
        } catch (IOException e) {
            return new Outcome(0, "connection to " + to.url() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, "interrupted (the relay is stopping)");
        }
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
