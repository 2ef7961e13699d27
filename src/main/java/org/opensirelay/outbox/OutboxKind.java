package org.opensirelay.outbox;

/**
 * A kind of item the outbox carries ({@code item_kind}), registered as one bean, as db-scheduler
 * registers its task kinds: a kind delivered to shops is registered whole by the delivery's item
 * kinds (its name, how it is read, ordered, sent and settled), a webhook by the webhooks. The
 * outbox reads a website's backlog kind by kind, so that every read goes through an index led by
 * (website, kind, status).
 */
public interface OutboxKind {

    /** The kind's name in {@code outbox.item_kind}. */
    String name();

    /** A kind known by its name alone: the outbox reads and claims its rows, its owner does the rest. */
    static OutboxKind named(String name) {
        record Named(String name) implements OutboxKind {}
        return new Named(name);
    }
}
