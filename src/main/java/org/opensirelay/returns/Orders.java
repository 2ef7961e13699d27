package org.opensirelay.returns;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.opensirelay.returns.domain.OrderJson;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.store.OrderStore;
import org.opensirelay.returns.store.OrderStore.StoredOrder;
import org.opensirelay.website.Website;
import org.springframework.stereotype.Service;

/** Orders as the shop registers them: a snapshot per order, the same again changes nothing, a change is a new version. */
@Service
public class Orders {

    private final OrderStore store;
    private final DurableWrites writes;
    private final Clock clock;

    Orders(OrderStore store, DurableWrites writes, Clock clock) {
        this.store = store;
        this.writes = writes;
        this.clock = clock;
    }

    public enum OrderOutcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    /** An order as registered: what the registration did, the version now current, the order. */
    public record RegisteredOrder(OrderOutcome outcome, int version, OrderSnapshot order) {}

    /** Registers the shop's snapshot of an order: the same again changes nothing, a change is a new version. */
    public RegisteredOrder registerOrder(Website website, OrderSnapshot order) {
        String canonical = OrderJson.canonical(order);
        return writes.run(website, () -> {
            Instant now = clock.instant();
            Optional<StoredOrder> stored = store.lockOrder(website.id(), order.webOrderNumber());
            if (stored.isEmpty()) {
                store.insertOrder(website.id(), order, canonical, now);
                return new RegisteredOrder(OrderOutcome.CREATED, 1, order);
            }
            if (stored.get().canonical().equals(canonical)) {
                return new RegisteredOrder(
                        OrderOutcome.UNCHANGED,
                        stored.get().version(),
                        stored.get().snapshot());
            }
            int version = stored.get().version() + 1;
            store.updateOrder(stored.get().id(), version, order, canonical, now);
            return new RegisteredOrder(OrderOutcome.UPDATED, version, order);
        });
    }

    public Optional<RegisteredOrder> order(Website website, String webOrderNumber) {
        return writes.read(() -> store.lockOrder(website.id(), webOrderNumber)
                .map(o -> new RegisteredOrder(OrderOutcome.UNCHANGED, o.version(), o.snapshot())));
    }
}
