package org.opensirelay.returns.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * A return's status with its resolution (only CLOSED has one). Written as its name, e.g.
 * {@code ACCEPTED}, or {@code CLOSED_REFUNDED}; a resolution alone ({@code REFUNDED}) means closed with it.
 */
public record ReturnState(ReturnStatus status, Resolution resolution) {

    public ReturnState {
        if ((status == ReturnStatus.CLOSED) != (resolution != null)) {
            throw new IllegalArgumentException("a resolution goes with CLOSED, and only with it");
        }
    }

    /** The names {@link #parse} understands, for messages. */
    public static final String NAMES =
            "ACCEPTED, RECEIVED, REFUNDED, EXCHANGED, REPAIRED, KEPT, REJECTED, CANCELLED, REQUESTED";

    public static ReturnState of(ReturnStatus status) {
        return new ReturnState(status, null);
    }

    public static ReturnState closed(Resolution resolution) {
        return new ReturnState(ReturnStatus.CLOSED, resolution);
    }

    /** {@code ACCEPTED}, {@code REFUNDED} (closed), {@code CLOSED_REFUNDED}…, in any letter case. */
    public static Optional<ReturnState> parse(String text) {
        String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        for (Resolution resolution : Resolution.values()) {
            if (name.equals(resolution.name()) || name.equals("CLOSED_" + resolution.name())) {
                return Optional.of(closed(resolution));
            }
        }
        for (ReturnStatus status : ReturnStatus.values()) {
            if (status != ReturnStatus.CLOSED && name.equals(status.name())) {
                return Optional.of(of(status));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return resolution == null ? status.name() : status.name() + "_" + resolution.name();
    }
}
