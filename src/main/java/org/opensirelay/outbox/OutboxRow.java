package org.opensirelay.outbox;

import java.time.Instant;

/** A claimed outbox row: one accepted version of one item, waiting to reach the shop. */
public record OutboxRow(long id, String itemKey, int itemVersion, int attempts, Instant createdAt) {}
