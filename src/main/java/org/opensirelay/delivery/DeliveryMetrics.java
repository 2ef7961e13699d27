package org.opensirelay.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.opensirelay.website.Website;
import org.springframework.stereotype.Component;

/** Delivery meters, each looked up once per website and kind, not per batch or item. */
@Component
class DeliveryMetrics {

    private record Meters(
            Counter answered, Counter unavailable, Counter delivered, Counter retried, Counter dead, Timer latency) {}

    private final MeterRegistry registry;
    private final Map<String, Meters> byWebsiteAndKind = new ConcurrentHashMap<>();

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void batch(Website website, String kind, DeliveryService.Run run, Settlement settlement, Instant now) {
        Meters meters = meters(website, kind);
        (run.shopUnavailable() ? meters.unavailable() : meters.answered()).increment();
        meters.delivered().increment(run.delivered());
        meters.retried().increment(run.retried());
        meters.dead().increment(run.dead());
        settlement
                .delivered()
                .values()
                .forEach(rows -> rows.forEach(row -> meters.latency().record(Duration.between(row.createdAt(), now))));
    }

    private Meters meters(Website website, String kind) {
        return byWebsiteAndKind.computeIfAbsent(
                website.code() + "/" + kind,
                k -> new Meters(
                        batches(website, kind, "answered"),
                        batches(website, kind, "unavailable"),
                        items(website, kind, "delivered"),
                        items(website, kind, "retried"),
                        items(website, kind, "dead"),
                        Timer.builder("relay.delivery.latency")
                                .description("From acceptance from the ERP to the shop's answer")
                                .tags("website", website.code())
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(10))
                                .maximumExpectedValue(Duration.ofDays(1))
                                .register(registry)));
    }

    private Counter batches(Website website, String kind, String result) {
        return Counter.builder("relay.delivery.batches")
                .description("SOAP requests to shops, by whether the shop answered")
                .tags("website", website.code(), "kind", kind, "result", result)
                .register(registry);
    }

    private Counter items(Website website, String kind, String outcome) {
        return Counter.builder("relay.delivery.items")
                .description("Delivery attempts of items, by outcome")
                .tags("website", website.code(), "kind", kind, "outcome", outcome)
                .register(registry);
    }
}
