package org.opensirelay.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How items are delivered to the shops, for every website ({@code relay.delivery.*}).
 *
 * @param batchSize      items per SOAP request to a shop
 * @param lease          how long a claimed row is reserved for the run delivering it; a run that dies
 *                       frees its rows when this expires. Longer than connect + read timeout.
 * @param initialBackoff delay before the first retry; doubles with each attempt (with jitter)
 * @param maxBackoff     the cap of the retry delay
 * @param maxAttempts    attempts after which an item is dead
 * @param maxAge         age after which an undelivered item is dead
 * @param connectTimeout connecting to a shop
 * @param readTimeout    waiting for a shop's answer
 * @param concurrentBatches batches in flight to one shop at once: while one is on the wire, the
 *                       next is claimed and sent (the comments of one order still go one after the
 *                       other: a comment is not claimed while an earlier one of its order is pending).
 *                       1 by default: on 2 cores with H2 and the shop on the same machine, two
 *                       workers drained no faster than one (5-15 % slower, within run-to-run noise);
 *                       more may pay with a slow shop far away.
 */
@ConfigurationProperties(prefix = "relay.delivery")
public record DeliveryProperties(
        @DefaultValue("100") int batchSize,
        @DefaultValue("PT5M") Duration lease,
        @DefaultValue("PT1M") Duration initialBackoff,
        @DefaultValue("PT1H") Duration maxBackoff,
        @DefaultValue("50") int maxAttempts,
        @DefaultValue("P7D") Duration maxAge,
        @DefaultValue("PT5S") Duration connectTimeout,
        @DefaultValue("PT30S") Duration readTimeout,
        @DefaultValue("1") int concurrentBatches) {

    public DeliveryProperties {
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("relay.delivery.batch-size must be between 1 and 1000");
        }
        if (lease.compareTo(connectTimeout.plus(readTimeout)) <= 0) {
            throw new IllegalArgumentException("relay.delivery.lease must be longer than connect-timeout + read-timeout,"
                    + " or a slow shop could see the same items from two runs");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("relay.delivery.initial-backoff must be positive and at most max-backoff");
        }
        if (concurrentBatches < 1 || concurrentBatches > 8) {
            throw new IllegalArgumentException("relay.delivery.concurrent-batches must be between 1 and 8");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("relay.delivery.max-attempts must be at least 1");
        }
    }
}
