package org.opensirelay.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per website: how many items wait for the shop, and how long the oldest has waited. Read from the
 * database when scraped, so every instance of a cluster reports the shared truth.
 */
@Component
class BacklogGauges {

    BacklogGauges(WebsiteRegistry websites, JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        for (Website website : websites.activeWebsites()) {
            Gauge.builder("relay.outbox.pending", () -> jdbc.queryForObject(
                            "SELECT COUNT(*) FROM outbox WHERE website_id = ? AND status = 'PENDING'", Long.class, website.id()))
                    .description("Items waiting for delivery to the shop").tag("website", website.code()).register(meters);
            TimeGauge.builder("relay.outbox.oldest.pending.age", () -> {
                OffsetDateTime oldest = jdbc.queryForObject(
                        "SELECT MIN(created_at) FROM outbox WHERE website_id = ? AND status = 'PENDING'", OffsetDateTime.class, website.id());
                return oldest == null ? 0 : Duration.between(oldest.toInstant(), clock.instant()).toMillis();
            }, TimeUnit.MILLISECONDS).description("Age of the oldest item waiting for delivery").tag("website", website.code())
                    .register(meters);
        }
    }
}
