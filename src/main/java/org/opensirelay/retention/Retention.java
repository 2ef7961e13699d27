package org.opensirelay.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;

import org.opensirelay.background.Workers;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.soap.RequestLog;
import org.opensirelay.webhooks.WebhookEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Purges, on a schedule, what only grows otherwise: outbox rows delivered or superseded longer
 * than {@code relay.retention.keep} ago, request audit rows as old, and webhook events as old once
 * their delivery row is gone. Items stay (they answer
 * 2001 to a resend), as do pending and dead rows (work left, or an operator's to look at).
 * Deletes in chunks, each its own short transaction, so that ingest and delivery never wait long;
 * on a cluster every node may run it, which only repeats deletes that find nothing.
 */
@Component
class Retention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    /** Rows per delete: a transaction of a few hundred kilobytes. */
    static final int CHUNK = 5_000;

    private final Outbox outbox;
    private final RequestLog requests;
    private final WebhookEvents webhookEvents;
    private final RetentionProperties properties;
    private final Clock clock;
    /** The purge's thread, {@code relay-retention-1}: the first purge one period after a start, each next one a period after the last. */
    private final Workers schedule = Workers.scheduled("retention", Duration.ofSeconds(30));

    Retention(
            Outbox outbox,
            RequestLog requests,
            WebhookEvents webhookEvents,
            RetentionProperties properties,
            Clock clock) {
        this.webhookEvents = webhookEvents;
        this.outbox = outbox;
        this.requests = requests;
        this.properties = properties;
        this.clock = clock;
    }

    /** What one purge removed. */
    public record Purged(long outboxRows, long auditRows, long webhookEvents) {}

    @Override
    public void start() {
        schedule.startEvery(properties.every(), this::onSchedule);
    }

    /** A purge under way ends (its chunk's transaction with it) before the database closes; none starts after. */
    @Override
    public void stop() {
        schedule.stop();
    }

    @Override
    public boolean isRunning() {
        return schedule.running();
    }

    @Override
    public int getPhase() {
        return Workers.SELF_DRIVEN;
    }

    void onSchedule() {
        try {
            purge();
        } catch (RuntimeException e) {
            // The next run tries again; nothing depends on the rows being gone.
            log.warn("retention: the purge failed: {}", e.toString());
        }
    }

    /** Removes everything older than the retention period, now. */
    public Purged purge() {
        Instant before = clock.instant().minus(properties.keep());
        long outboxRows = untilNoneLeft(() -> outbox.purgeSettledBefore(before, CHUNK));
        long auditRows = untilNoneLeft(() -> requests.purgeBefore(before, CHUNK));
        // After the outbox: an event goes once its delivered row is gone.
        long events = untilNoneLeft(() -> webhookEvents.purgeBefore(before, CHUNK));
        if (outboxRows + auditRows + events > 0) {
            log.atInfo()
                    .addKeyValue("outboxRows", outboxRows)
                    .addKeyValue("auditRows", auditRows)
                    .addKeyValue("webhookEvents", events)
                    .addKeyValue("before", before)
                    .log(
                            "retention: purged {} delivered or superseded outbox rows, {} request audit rows and {} webhook events older than {}",
                            outboxRows,
                            auditRows,
                            events,
                            before);
        }
        return new Purged(outboxRows, auditRows, events);
    }

    /** Runs a chunked delete until it deletes nothing; returns the rows deleted in all. */
    private static long untilNoneLeft(IntSupplier deleteChunk) {
        long deleted = 0;
        for (int n; (n = deleteChunk.getAsInt()) > 0; ) {
            deleted += n;
        }
        return deleted;
    }
}
