package org.opensirelay.returns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensirelay.ingest.ItemOutcome;
import org.opensirelay.ingest.ReturnDocument;
import org.opensirelay.ingest.ReturnDocumentsStored;
import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.outbox.NewOutboxRow;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.returns.store.ReturnStore.StoredOrder;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.opensirelay.returns.domain.Eligibility;
import org.opensirelay.returns.domain.OrderJson;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReasonsReport;
import org.opensirelay.returns.domain.ReturnEvent;
import org.opensirelay.returns.domain.ReturnReasons;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.opensirelay.returns.domain.ReturnRequest;
import org.opensirelay.returns.domain.ReturnSettings;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.opensirelay.returns.domain.ReturnStateMachine;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.returns.slip.Slips;
import org.opensirelay.returns.store.CreditNotes;
import org.opensirelay.returns.store.ReturnStore;
import org.opensirelay.website.Website;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;


/** Orders as the shop registers them: a snapshot per order, the same again changes nothing, a change is a new version. */
@Service
public class Orders {

    private final ReturnStore store;
    private final DurableWrites writes;
    private final Clock clock;

    Orders(ReturnStore store, DurableWrites writes, Clock clock) {
        this.store = store;
        this.writes = writes;
        this.clock = clock;
    }

    public enum OrderOutcome { CREATED, UPDATED, UNCHANGED }

    /** An order as registered: what the registration did, the version now current, the order. */
    public record RegisteredOrder(OrderOutcome outcome, int version, OrderSnapshot order) {
    }

    /** Registers the shop's snapshot of an order: the same again changes nothing, a change is a new version. */
    public RegisteredOrder registerOrder(Website website, OrderSnapshot order) {
        String canonical = OrderJson.canonical(order);
        return writes.run(website, 0, () -> {
            Instant now = clock.instant();
            Optional<StoredOrder> stored = store.lockOrder(website.id(), order.webOrderNumber());
            if (stored.isEmpty()) {
                store.insertOrder(website.id(), order, canonical, now);
                return new RegisteredOrder(OrderOutcome.CREATED, 1, order);
            }
            if (stored.get().canonical().equals(canonical)) {
                return new RegisteredOrder(OrderOutcome.UNCHANGED, stored.get().version(), stored.get().snapshot());
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
