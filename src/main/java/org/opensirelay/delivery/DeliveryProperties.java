package org.opensirelay.delivery;

import java.time.Duration;

import org.opensirelay.database.DatabaseDialect;
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
 * @param readTimeout    the rest of an exchange with a shop: with connect-timeout, the deadline of the
 *                       whole exchange (sending, the answer's headers and its body), after which it is
 *                       abandoned and retried
 * @param concurrentBatches batches in flight to one shop at once: while one is on the wire, the
 *                       next is claimed and sent (the comments of one order still go one after the
 *                       other: a comment is not claimed while an earlier one of its order is pending).
 *                       Unset, it depends on the database ({@link #concurrentBatchesOn}).
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
        Integer concurrentBatches) {

    public DeliveryProperties {
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("relay.delivery.batch-size must be between 1 and 1000");
        }
        if (lease.compareTo(connectTimeout.plus(readTimeout)) <= 0) {
            throw new IllegalArgumentException(
                    "relay.delivery.lease must be longer than connect-timeout + read-timeout,"
                            + " or a slow shop could see the same items from two runs");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "relay.delivery.initial-backoff must be positive and at most max-backoff");
        }
        if (concurrentBatches != null && (concurrentBatches < 1 || concurrentBatches > 8)) {
            throw new IllegalArgumentException("relay.delivery.concurrent-batches must be between 1 and 8");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("relay.delivery.max-attempts must be at least 1");
        }
    }

    /** PostgreSQL's default batches in flight to one shop. */
    static final int POSTGRES_CONCURRENT_BATCHES = 2;

    /**
     * The batches in flight to one shop: as set, else 2 on PostgreSQL and 1 on H2. On PostgreSQL a
     * batch's claim and settlement are work of the database server's process, which a second batch
     * overlaps with the other's exchange with the shop: drains of 1,000, 10,000 and 100,000 items went
     * from 3,856, 3,972 and 5,337 items/s to 5,235, 6,876 and 8,541 (bench/run --postgres-only
     * --drains-only, 2 cores, the shop on the same machine). H2 works in the relay's own process: there
     * two workers drained no faster than one (5-15 % slower, within run-to-run noise).
     */
    public int concurrentBatchesOn(DatabaseDialect database) {
        if (concurrentBatches != null) {
            return concurrentBatches;
        }
        return database.usefulWriters(POSTGRES_CONCURRENT_BATCHES);
    }
}
