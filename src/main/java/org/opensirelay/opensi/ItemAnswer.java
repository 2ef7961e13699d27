package org.opensirelay.opensi;

/**
 * One {@code return} entry of a {@code set*} answer ({@code referenceResponse}: Key, Code,
 * Message): what the relay answers the ERP for an item, and what a shop's connector answers the
 * relay. The codes are those of real shop modules, and two of the relay's own for return states.
 */
public record ItemAnswer(String key, int code, String message) {

    /** The relay's: the single entry of an answer to a request that held no item ({@code return} is 1..n). */
    public static final int NO_ITEMS = 1000;

    public static final int CREATED = 1001;
    public static final int UPDATED = 1002;
    public static final int DELETED = 1003;
    /** A warning, not an error: already stored identically. A replay that meets it did no harm. */
    public static final int DUPLICATE = 2001;

    /** Errors are 3xxx; 3002 "not found" (the order may not have reached the shop yet). */
    public static final int NOT_FOUND = 3002;

    /** The relay's: a return state change its state machine refuses. */
    public static final int TRANSITION_REFUSED = 3010;
    /** The relay's: a ReturnState that names no state. */
    public static final int UNKNOWN_STATE = 3011;

    public static ItemAnswer created(String key) {
        return new ItemAnswer(key, CREATED, "Created");
    }

    public static ItemAnswer updated(String key) {
        return new ItemAnswer(key, UPDATED, "Updated");
    }

    public static ItemAnswer duplicate(String key) {
        return new ItemAnswer(key, DUPLICATE, "Already stored with identical content: nothing changed");
    }

    /** The item reached the shop: created, updated, deleted, or it had it already. */
    public boolean delivered() {
        return code == CREATED || code == UPDATED || code == DELETED || code == DUPLICATE;
    }

    /** An error of the item itself (3xxx), as opposed to a call that failed. */
    public boolean error() {
        return code >= 3000 && code < 4000;
    }
}
