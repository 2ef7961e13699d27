package org.opensirelay.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.opensirelay.background.Workers;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Per website: how many items wait for the shop, and how long the oldest has waited. Read from the
 * database when scraped, so every instance of a cluster reports the shared truth. A website's two
 * series exist once it has had something to deliver: items waiting when the relay started (looked
 * for at each start, in the background: {@code relay-backlog-gauges-n}), or items appended since. A relay for 10,000 websites of
 * which a few hundred are busy keeps a few hundred pairs of gauges (each costs about 1 KB of heap and
 * a query per scrape), not 20,000; a website without its series has nothing waiting.
 */
@Component
class BacklogGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BacklogGauges.class);

    private final WebsiteRegistry websites;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Set<Long> registered = ConcurrentHashMap.newKeySet();
    /** The look at the database at start; a stop right after the start waits for it before the database closes. */
    private final Workers lookingAtStart = Workers.occasional("backlog-gauges", Duration.ofSeconds(30));

    BacklogGauges(WebsiteRegistry websites, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.websites = websites;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
        outbox.onFirstRows(websiteId -> websites.website(websiteId).ifPresent(this::register));
    }

    @Override
    public void start() {
        lookingAtStart.start().execute(this::registerWebsitesWithABacklog);
    }

    private void registerWebsitesWithABacklog() {
        try {
            for (long websiteId : outbox.websitesWithPending()) {
                websites.website(websiteId).ifPresent(this::register);
            }
        } catch (RuntimeException e) {
            log.warn("metrics: could not look for the websites with items waiting at start: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        lookingAtStart.stop();
    }

    @Override
    public boolean isRunning() {
        return lookingAtStart.running();
    }

    /** Its own start and stop, as the relay's other self-driven work (see {@link Workers#SELF_DRIVEN}). */
    @Override
    public int getPhase() {
        return Workers.SELF_DRIVEN;
    }

    private void register(Website website) {
        if (!registered.add(website.id())) {
            return;
        }
        long id = website.id();
        Gauge.builder("relay.outbox.pending", () -> outbox.pendingCount(id))
                .description("Items waiting for delivery to the shop")
                .tag("website", website.code())
                .register(meters);
        TimeGauge.builder(
                        "relay.outbox.oldest.pending.age",
                        () -> outbox.oldestPending(id)
                                .map(oldest -> Duration.between(oldest, clock.instant())
                                        .toMillis())
                                .orElse(0L),
                        TimeUnit.MILLISECONDS)
                .description("Age of the oldest item waiting for delivery")
                .tag("website", website.code())
                .register(meters);
    }
}
