package org.opensirelay.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the relay keeps what it no longer needs ({@code relay.retention.*}).
 *
 * @param keep  how long delivered and superseded outbox rows (after their delivery) and request
 *              audit rows (after their request) are kept; items themselves, pending and dead rows
 *              are never purged
 * @param every how often the purge runs
 */
@ConfigurationProperties(prefix = "relay.retention")
record RetentionProperties(
        @DefaultValue("P30D") Duration keep,
        @DefaultValue("PT1H") Duration every) {

    public RetentionProperties {
        if (keep.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("relay.retention.keep must be at least PT1H (one hour)");
        }
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("relay.retention.every must be a positive duration, e.g. PT1H");
        }
    }
}
