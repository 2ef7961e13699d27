package org.opensirelay.outbox;

/**
 * A kind of item the outbox carries ({@code item_kind}), declared as a bean by the module that
 * produces it, as db-scheduler registers its task kinds. The outbox reads a website's backlog kind
 * by kind, so that every read goes through an index led by (website, kind, status).
 */
public record OutboxKind(String name) {}
