package org.opensirelay.ingest;

/** What happened to one item: the {@code return} entry {Key, Code, Message} of the answer. */
public record ItemOutcome(String key, int code, String message) {

    /** Not a stored item: the single answer entry of a request that held no item. */
    public static final int NO_ITEMS = 1000;

    public static final int CREATED = 1001;
    public static final int UPDATED = 1002;
    public static final int DUPLICATE = 2001;

    static ItemOutcome created(String key) {
        return new ItemOutcome(key, CREATED, "Created");
    }

    static ItemOutcome updated(String key) {
        return new ItemOutcome(key, UPDATED, "Updated");
    }

    static ItemOutcome duplicate(String key) {
        return new ItemOutcome(key, DUPLICATE, "Already stored with identical content: nothing changed");
    }
}
