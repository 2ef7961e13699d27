package org.opensirelay.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.stereotype.Component;

/**
 * Per website: how many items wait for the shop, and how long the oldest has waited. Read from the
 * database when scraped, so every instance of a cluster reports the shared truth.
 */
@Component
class BacklogGauges {

    BacklogGauges(WebsiteRegistry websites, Outbox outbox, Clock clock, MeterRegistry meters) {
        for (Website website : websites.activeWebsites()) {
            Gauge.builder("relay.outbox.pending", () -> outbox.pendingCount(website.id()))
                    .description("Items waiting for delivery to the shop").tag("website", website.code()).register(meters);
            TimeGauge.builder("relay.outbox.oldest.pending.age", () -> outbox.oldestPending(website.id())
                            .map(oldest -> Duration.between(oldest, clock.instant()).toMillis()).orElse(0L),
                    TimeUnit.MILLISECONDS).description("Age of the oldest item waiting for delivery").tag("website", website.code())
                    .register(meters);
        }
    }
}
