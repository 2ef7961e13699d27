package org.opensirelay.outbox;

import java.time.Instant;

/** One outbox row as the operator sees it (admin API). */
public record DeliveryView(
        long id,
        String kind,
        String key,
        int version,
        OutboxStatus status,
        int attempts,
        Instant nextAttemptAt,
        Integer lastCode,
        String lastError,
        String shopMessage,
        Instant createdAt,
        Instant deliveredAt) {}
