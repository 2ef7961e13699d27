package org.opensirelay.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.opensirelay.website.WebsitesChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Per website: how many items wait for the shop, and how long the oldest has waited. Read from the
 * database when scraped, so every instance of a cluster reports the shared truth. Websites created
 * while the relay runs get theirs when the change reaches this node.
 */
@Component
class BacklogGauges {

    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    BacklogGauges(WebsiteRegistry websites, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
        websites.activeWebsites().forEach(this::register);
    }

    @EventListener
    void websitesChanged(WebsitesChanged change) {
        // Registering a gauge that exists already is a no-op (same name and tags).
        change.answered().forEach(this::register);
    }

    private void register(Website website) {
        long id = website.id();
        Gauge.builder("relay.outbox.pending", () -> outbox.pendingCount(id))
                .description("Items waiting for delivery to the shop").tag("website", website.code()).register(meters);
        TimeGauge.builder("relay.outbox.oldest.pending.age", () -> outbox.oldestPending(id)
                        .map(oldest -> Duration.between(oldest, clock.instant()).toMillis()).orElse(0L),
                TimeUnit.MILLISECONDS).description("Age of the oldest item waiting for delivery").tag("website", website.code())
                .register(meters);
    }
}
