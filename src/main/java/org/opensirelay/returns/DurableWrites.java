package org.opensirelay.returns;

import java.util.function.Supplier;

import org.opensirelay.ingest.H2Durability;
import org.opensirelay.ingest.ItemsAccepted;
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

    /** @param changes more than 0 when the work may have queued state changes for the shop */
    <T> T run(Website website, int changes, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = transactions.execute(status -> work.get());
                durability.awaitWritten();
                if (changes > 0) {
                    events.publishEvent(new ItemsAccepted(website, changes));
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
