package org.opensirelay.returns;

import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import org.opensirelay.ingest.H2Durability;
import org.opensirelay.website.Website;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How orders and returns are written: in a transaction, again when a concurrent request got in the
 * way (a unique key taken in between, a lock cycle broken), then only once the commit is in the
 * database file (H2's group commit) does the caller answer; a write that may have queued something
 * for the shop tells immediate delivery.
 */
@Component
class DurableWrites {

    private static final int ATTEMPTS = 5;

    private final TransactionTemplate transactions;
    private final H2Durability durability;
    private final ApplicationEventPublisher events;

    DurableWrites(TransactionTemplate transactions, H2Durability durability, ApplicationEventPublisher events) {
        this.transactions = transactions;
        this.durability = durability;
        this.events = events;
    }

    /** Runs {@code work} durably; it queues nothing for the shop. */
    <T> T run(Website website, Supplier<T> work) {
        return run(website, work, result -> 0);
    }

    /**
     * Runs {@code work} durably; {@code queuedForShop} counts, from its result, the changes it queued
     * for the shop: when there are any, immediate delivery is told ({@link ReturnChangesQueued}). A refused
     * or unchanged state, a label or an order queues nothing, and tells nothing.
     */
    <T> T run(Website website, Supplier<T> work, ToIntFunction<T> queuedForShop) {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = transactions.execute(status -> work.get());
                durability.awaitWritten();
                int queued = queuedForShop.applyAsInt(result);
                if (queued > 0) {
                    events.publishEvent(new ReturnChangesQueued(website, queued));
                }
                return result;
            } catch (DuplicateKeyException | PessimisticLockingFailureException raced) {
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    /** Reads in a transaction (consistent across the queries of one answer). */
    <T> T read(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }
}
