package org.opensirelay.returns;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opensirelay.returns.domain.Amount;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.PageCursor;
import org.opensirelay.returns.domain.Resolution;
import org.opensirelay.returns.domain.ReturnEvent;
import org.opensirelay.returns.domain.ReturnItems;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.opensirelay.returns.domain.ReturnRequest;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.returns.store.CreditNotes;
import org.opensirelay.returns.store.OrderStore;
import org.opensirelay.returns.store.ReturnListings;
import org.opensirelay.returns.store.ReturnStore;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.opensirelay.returns.store.ReturnViews;
import org.opensirelay.website.KeyHash;
import org.opensirelay.website.Website;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Our returns in the shape of Google's Content API {@code orderreturns}: list, get, acknowledge,
 * createOrderReturn and process, every write idempotent by its {@code operationId} (per return, or
 * per order on create): executed once, then answered {@code duplicate}; the same id with another
 * body is a conflict. Refunds follow {@link ReturnItems}; settling every item moves the return along
 * the one state machine.
 *
 * <p><b>Why one class of this size</b> (≈420 lines): it is Google's {@code orderreturns} resource,
 * one public method per method of that API, each idempotent by the same operation record; the
 * return's rules live in {@code returns.domain} and its rows in {@code returns.store}.
 */
@Service
public class OrderReturnsService {

    public static final int DEFAULT_PAGE = 25;
    public static final int MAX_PAGE = 250;
    public static final String EXECUTED = "executed";
    public static final String DUPLICATE = "duplicate";

    private final ReturnStore store;
    private final OrderStore orders;
    private final ReturnViews views;
    private final ReturnListings listings;
    private final ReturnRequests requests;
    private final ReturnChanges changes;
    private final DurableWrites writes;
    private final ApplicationEventPublisher events;
    private final CreditNotes creditNotes;
    private final Clock clock;

    OrderReturnsService(
            ReturnStore store,
            OrderStore orders,
            ReturnViews views,
            ReturnListings listings,
            ReturnRequests requests,
            ReturnChanges changes,
            DurableWrites writes,
            Clock clock,
            ApplicationEventPublisher events,
            CreditNotes creditNotes) {
        this.creditNotes = creditNotes;
        this.events = events;
        this.store = store;
        this.orders = orders;
        this.views = views;
        this.listings = listings;
        this.requests = requests;
        this.changes = changes;
        this.writes = writes;
        this.clock = clock;
    }

    /** Filters of the list. */
    public record Filter(
            Boolean acknowledged,
            Instant createdFrom,
            Instant createdBefore,
            List<ReturnStatus> statuses,
            boolean descending) {}

    /**
     * What a return is in Google's eyes, read together: the return, its order, our view of it, and
     * every refund and rejection of its items. The API shapes it as a {@code MerchantOrderReturn}.
     */
    public record OrderReturn(
            StoredReturn stored, OrderSnapshot order, ReturnView view, List<ReturnItems.Settlement> settlements) {}

    /** A page: the returns and the token of the next page (null at the end). */
    public record Page(List<OrderReturn> returns, String nextPageToken) {}

    public Page list(Website website, Filter filter, String pageToken, int maxResults) {
        String order = filter.descending() ? "DESC" : "ASC";
        // A token is for the order it was made in: another order's would skip or repeat rows.
        PageCursor after = pageToken == null
                ? null
                : PageCursor.read(pageToken)
                        .filter(c -> order.equals(c.order()))
                        .orElseThrow(OrderReturnsService::invalidToken);
        Instant at = after == null ? null : after.at();
        long id = after == null ? 0 : after.id();
        return writes.read(() -> {
            PageCursor.Page<StoredReturn> page = PageCursor.page(
                    listings.createdPage(
                            website.id(),
                            filter.acknowledged(),
                            filter.createdFrom(),
                            filter.createdBefore(),
                            filter.statuses(),
                            filter.descending(),
                            at,
                            id,
                            maxResults + 1),
                    maxResults,
                    last -> new PageCursor(order, last.createdAt(), last.id()));
            return new Page(orderReturns(page.rows()), page.nextToken());
        });
    }

    public Optional<OrderReturn> get(Website website, String orderReturnId) {
        return writes.read(() -> store.byNumber(website.id(), orderReturnId, false)
                .map(stored -> orderReturns(List.of(stored)).get(0)));
    }

    /** Marks the return acknowledged (the merchant has seen it). */
    public String acknowledge(Website website, String orderReturnId, String operationId, Side side) {
        String hash = hash("acknowledge", operationId);
        return writes.run(website, () -> {
            StoredReturn stored = lock(website, orderReturnId);
            Optional<String> earlier = earlier(website, "return:" + orderReturnId, operationId, hash);
            if (earlier.isPresent()) {
                return DUPLICATE;
            }
            store.acknowledge(stored.id(), clock.instant());
            store.addEvent(
                    stored.id(),
                    clock.instant(),
                    side,
                    stored.status(),
                    stored.state(),
                    "acknowledge",
                    false,
                    "acknowledged (operation " + operationId + ")");
            store.recordOperation(
                    website.id(), "return:" + orderReturnId, operationId, hash, EXECUTED, clock.instant());
            return EXECUTED;
        });
    }

    /** A merchant-created return, by the same rules as every other way in. */
    public record Created(String executionStatus, OrderReturn orderReturn) {}

    public Created create(
            Website website, ReturnRequest request, String operationId, String returnMethodType, String bodyHash) {
        String scope = "order:" + request.webOrderNumber();
        Optional<ReturnStore.RecordedOperation> done =
                writes.read(() -> store.operation(website.id(), scope, operationId));
        if (done.isPresent()) {
            if (!done.get().requestHash().equals(bodyHash)) {
                throw conflict(operationId);
            }
            return new Created(DUPLICATE, get(website, done.get().result()).orElseThrow());
        }
        // The Idempotency-Key makes a retry after a crash between these two writes find the same return.
        ReturnRequests.Requested requested = requests.requestReturn(
                website, request, "google:" + request.webOrderNumber() + ":" + operationId, Side.MERCHANT_TOOL);
        String number = requested.returned().webReturnNumber();
        writes.run(website, () -> {
            StoredReturn stored = lock(website, number);
            store.setReturnMethod(stored.id(), returnMethodType);
            if (store.operation(website.id(), scope, operationId).isEmpty()) {
                store.recordOperation(website.id(), scope, operationId, bodyHash, number, clock.instant());
            }
            return null;
        });
        return new Created(
                requested.replayed() ? DUPLICATE : EXECUTED,
                get(website, number).orElseThrow());
    }

    /** A process request: per item a refund or a rejection. */
    public record Process(
            String operationId,
            List<ReturnItems.Action> actions,
            String paymentType,
            String reasonText,
            String shippingNote) {}

    public String process(Website website, String orderReturnId, Process process, String bodyHash, Side side) {
        return writes.run(
                website,
                () -> {
                    StoredReturn stored = lock(website, orderReturnId);
                    if (earlier(website, "return:" + orderReturnId, process.operationId(), bodyHash)
                            .isPresent()) {
                        return DUPLICATE;
                    }
                    OrderSnapshot order =
                            orders.order(stored.orderId()).orElseThrow().snapshot();
                    ReturnView view = views.view(stored, order);
                    List<ReturnItems.Item> items = ReturnItems.of(view, order, store.settlements(stored.id()));
                    ReturnItems.Decision decision = ReturnItems.decide(items, process.actions(), order.currency());
                    if (!decision.problems().isEmpty()) {
                        throw new ReturnRefusedException(
                                422,
                                decision.problems().get(0).code(),
                                "the return cannot be processed so",
                                decision.problems());
                    }
                    Instant now = clock.instant();
                    settle(
                            website,
                            stored,
                            view,
                            order,
                            items,
                            decision.settlements(),
                            side,
                            "process",
                            process.operationId(),
                            process.paymentType(),
                            process.reasonText(),
                            process.shippingNote(),
                            now);
                    store.recordOperation(
                            website.id(), "return:" + orderReturnId, process.operationId(), bodyHash, EXECUTED, now);
                    List<ReturnItems.Item> after = ReturnItems.of(view, order, store.settlements(stored.id()));
                    if (after.stream().allMatch(ReturnItems.Item::settled)) {
                        boolean anyRefunded = after.stream().anyMatch(i -> i.rejected() == null);
                        // Refunded without anything coming back (returnless) is the customer keeping the items.
                        Resolution resolution =
                                "returnless".equals(stored.returnMethod()) ? Resolution.KEPT : Resolution.REFUNDED;
                        ReturnState outcome =
                                anyRefunded ? ReturnState.closed(resolution) : ReturnState.of(ReturnStatus.REJECTED);
                        changes.walkTo(
                                website,
                                store.byNumber(website.id(), orderReturnId, false)
                                        .orElseThrow(),
                                outcome,
                                side,
                                "process");
                    }
                    return EXECUTED;
                },
                result -> EXECUTED.equals(result) ? 1 : 0);
    }

    /**
     * Inside the caller's transaction: records settlements (refunds and rejections), the credit note of
     * the refunds among them (one for the operation), each on the timeline, and a webhook event per refund.
     */
    private void settle(
            Website website,
            StoredReturn stored,
            ReturnView view,
            OrderSnapshot order,
            List<ReturnItems.Item> items,
            List<ReturnItems.Settlement> settlements,
            Side side,
            String raw,
            String operationId,
            String paymentType,
            String reasonText,
            String shippingNote,
            Instant now) {
        Map<String, OrderSnapshot.Line> orderLineOfItem = new LinkedHashMap<>();
        items.forEach(i -> orderLineOfItem.put(i.itemId(), i.orderLine()));
        List<CreditNotes.Line> credited = CreditNotes.linesOf(settlements, orderLineOfItem);
        String creditNote = credited.isEmpty()
                ? null
                : creditNotes.record(website.id(), stored.id(), order.currency(), credited, now);
        for (ReturnItems.Settlement settlement : settlements) {
            store.addSettlement(stored.id(), settlement, order.currency(), paymentType, reasonText, operationId, now);
            String note = settlement.refund()
                    ? "refund " + ReturnItems.money(settlement.price()) + " + " + ReturnItems.money(settlement.tax())
                            + " tax " + order.currency() + " on item " + settlement.itemId()
                            + (paymentType == null ? "" : " (" + paymentType + ")") + ", credit note " + creditNote
                    : "item " + settlement.itemId() + " rejected: " + settlement.reason();
            store.addEvent(
                    stored.id(),
                    now,
                    side,
                    stored.status(),
                    stored.state(),
                    raw,
                    false,
                    note + (shippingNote == null ? "" : "; " + shippingNote));
            if (settlement.refund()) {
                Map<String, Object> refund = new LinkedHashMap<>();
                refund.put("webReturnNumber", stored.webReturnNumber());
                refund.put("webOrderNumber", view.webOrderNumber());
                refund.put("returnItemId", settlement.itemId());
                refund.put("price", Amount.of(settlement.price(), order.currency()));
                refund.put("tax", Amount.of(settlement.tax(), order.currency()));
                refund.put("paymentType", paymentType);
                refund.put("creditNote", creditNote);
                refund.put("operationId", operationId);
                refund.put("side", side.name());
                events.publishEvent(new ReturnEvent(website, ReturnEvent.REFUNDED, stored.webReturnNumber(), refund));
            }
        }
    }

    /**
     * A marketplace's outcome (Channable's status): the return goes through the states it implies
     * ({@link ReturnChanges#reachOutcome}); one that means the marketplace refunded (accepted, keeps)
     * also records, on the way and in the same transaction, a full refund of every unit not yet
     * settled with its credit note — the relay is then the only place that knows that refund.
     */
    public ReturnChanges.Change marketplaceOutcome(
            Website website, String webReturnNumber, ReturnState outcome, String raw) {
        boolean refunds = outcome.status() == ReturnStatus.CLOSED
                && (outcome.resolution() == Resolution.REFUNDED || outcome.resolution() == Resolution.KEPT);
        return changes.reachOutcome(website, webReturnNumber, outcome, Side.MARKETPLACE, raw, stored -> {
            if (refunds) {
                refundWhatIsLeft(website, stored, raw);
            }
        });
    }

    /** Inside the caller's transaction: every unit of the return not yet settled, refunded in full. */
    private void refundWhatIsLeft(Website website, StoredReturn stored, String raw) {
        OrderSnapshot order = orders.order(stored.orderId()).orElseThrow().snapshot();
        ReturnView view = views.view(stored, order);
        List<ReturnItems.Item> items = ReturnItems.of(view, order, store.settlements(stored.id()));
        List<ReturnItems.Action> rest = items.stream()
                .filter(i -> !i.settled())
                .map(i -> new ReturnItems.Action(i.itemId(), true, null, null, null, false, null))
                .toList();
        if (!rest.isEmpty()) {
            ReturnItems.Decision decision = ReturnItems.decide(items, rest, order.currency());
            settle(
                    website,
                    stored,
                    view,
                    order,
                    items,
                    decision.settlements(),
                    Side.MARKETPLACE,
                    raw,
                    "marketplace:" + raw,
                    null,
                    null,
                    null,
                    clock.instant());
        }
    }

    /** A page of returns with their orders, views and settlements: a fixed number of queries for the whole page. */
    private List<OrderReturn> orderReturns(List<StoredReturn> page) {
        Map<Long, OrderSnapshot> orders = this.orders.ordersOf(page);
        List<ReturnView> views = this.views.views(page, orders);
        Map<Long, List<ReturnItems.Settlement>> settlements =
                store.settlements(page.stream().map(StoredReturn::id).toList());
        List<OrderReturn> orderReturns = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            StoredReturn stored = page.get(i);
            orderReturns.add(new OrderReturn(
                    stored,
                    orders.get(stored.orderId()),
                    views.get(i),
                    settlements.getOrDefault(stored.id(), List.of())));
        }
        return orderReturns;
    }

    // ---------------------------------------------------------------- plumbing

    private StoredReturn lock(Website website, String orderReturnId) {
        return store.byNumber(website.id(), orderReturnId, true)
                .orElseThrow(() -> ReturnRefusedException.of(
                        404, "UNKNOWN_RETURN", "no such return", "", "no order return " + orderReturnId));
    }

    /** The result of this operation if it was already executed with this body; a conflict if with another. */
    private Optional<String> earlier(Website website, String scope, String operationId, String hash) {
        Optional<ReturnStore.RecordedOperation> done = store.operation(website.id(), scope, operationId);
        if (done.isPresent() && !done.get().requestHash().equals(hash)) {
            throw conflict(operationId);
        }
        return done.map(ReturnStore.RecordedOperation::result);
    }

    private static ReturnRefusedException conflict(String operationId) {
        return ReturnRefusedException.of(
                409,
                "OPERATION_CONFLICT",
                "this operationId was used for another request",
                "/operationId",
                "operation " + operationId
                        + " was already executed with a different body: use a new operationId for a new operation");
    }

    private static ReturnRefusedException invalidToken() {
        return ReturnRefusedException.of(
                400,
                "INVALID_PAGE_TOKEN",
                "the pageToken is not one this API gave for this order",
                "/pageToken",
                "pass back nextPageToken unchanged, with the same orderBy");
    }

    /** A body's identity: the method and its canonical text. */
    public static String hash(String method, String canonicalBody) {
        return KeyHash.hex(KeyHash.of(method + "\n" + canonicalBody));
    }
}
