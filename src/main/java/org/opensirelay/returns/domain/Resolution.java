package org.opensirelay.returns.domain;

/** How a closed return ended. */
public enum Resolution {
    /** The items came back and were refunded. */
    REFUNDED,
    /** A replacement was sent instead of a refund. */
    EXCHANGED,
    /** The items were repaired and sent back. */
    REPAIRED,
    /** The customer keeps the items (a returnless refund or gesture). */
    KEPT
}
