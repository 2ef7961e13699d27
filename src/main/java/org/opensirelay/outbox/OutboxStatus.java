package org.opensirelay.outbox;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an outbox row stands on its way to the shop. Stored by name in {@code outbox.status}. */
public enum OutboxStatus {
    /** Waiting to be delivered (due now, or later after a failed attempt). */
    PENDING,
    /** The shop answered 1001, 1002, 1003 or 2001. */
    DELIVERED,
    /** Given up: a definitive refusal by the shop, or too many attempts, or too old. An operator may revive it. */
    DEAD,
    /** An older version of an item whose newer version was delivered: nothing left to send. */
    SUPERSEDED;

    /** The status named {@code name}, in any letter case. */
    public static Optional<OutboxStatus> parse(String name) {
        String upper = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(upper)).findFirst();
    }
}
