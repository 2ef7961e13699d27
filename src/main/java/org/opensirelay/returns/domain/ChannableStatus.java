package org.opensirelay.returns.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Channable's return statuses, exact spellings. Settable: accepted (processed and refunded),
 * rejected (not received or not accepted, no refund), repaired, keeps (the customer keeps the item
 * and is refunded), exchanged, cancelled. Read back: also new and processing.
 */
public final class ChannableStatus {

    /** The values a merchant tool may set, in Channable's order. */
    public static final List<String> SETTABLE =
            List.of("accepted", "rejected", "repaired", "keeps", "exchanged", "cancelled");

    private static final Map<String, ReturnState> OUTCOMES = Map.of(
            "accepted", ReturnState.closed(Resolution.REFUNDED),
            "rejected", ReturnState.of(ReturnStatus.REJECTED),
            "repaired", ReturnState.closed(Resolution.REPAIRED),
            "keeps", ReturnState.closed(Resolution.KEPT),
            "exchanged", ReturnState.closed(Resolution.EXCHANGED),
            "cancelled", ReturnState.of(ReturnStatus.CANCELLED));

    private ChannableStatus() {}

    /** The outcome a settable status means (exact spelling), if any. */
    public static Optional<ReturnState> outcome(String status) {
        return Optional.ofNullable(status == null ? null : OUTCOMES.get(status));
    }

    /** How Channable would show a return in this state. */
    public static String of(ReturnStatus status, Resolution resolution) {
        return switch (status) {
            case REQUESTED -> "new";
            case ACCEPTED, RECEIVED -> "processing";
            case REJECTED -> "rejected";
            case CANCELLED -> "cancelled";
            case CLOSED ->
                switch (resolution) {
                    case REFUNDED -> "accepted";
                    case REPAIRED -> "repaired";
                    case KEPT -> "keeps";
                    case EXCHANGED -> "exchanged";
                };
        };
    }
}
