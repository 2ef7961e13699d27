package org.opensirelay.returns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.opensi.ErpCreditNote;
import org.opensirelay.opensi.ErpReturn;
import org.opensirelay.opensi.GetSelection;
import org.opensirelay.returns.domain.FoundOrder;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.PageCursor;
import org.opensirelay.returns.domain.ReasonsReport;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.store.CreditNotes;
import org.opensirelay.returns.store.OrderSearch;
import org.opensirelay.returns.store.OrderStore;
import org.opensirelay.returns.store.ReturnListings;
import org.opensirelay.returns.store.ReturnStore;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.opensirelay.returns.store.ReturnViews;
import org.opensirelay.text.SearchText;
import org.opensirelay.website.Website;
import org.springframework.stereotype.Service;

/**
 * What is read of returns: one return, a website's returns page by page (a poller sees every change
 * once), an operator's search, the ERP's pull of returns and credit notes, the reasons report, and
 * the state changes the shop is due.
 */
@Service
public class ReturnQueries {

    private final ReturnStore store;
    private final OrderStore orderStore;
    private final ReturnViews returnViews;
    private final ReturnListings listings;
    private final OrderSearch orderSearch;
    private final CreditNotes creditNotes;
    private final DurableWrites writes;
    private final Clock clock;

    ReturnQueries(
            ReturnStore store,
            OrderStore orderStore,
            ReturnViews returnViews,
            ReturnListings listings,
            OrderSearch orderSearch,
            CreditNotes creditNotes,
            DurableWrites writes,
            Clock clock) {
        this.store = store;
        this.orderStore = orderStore;
        this.returnViews = returnViews;
        this.listings = listings;
        this.orderSearch = orderSearch;
        this.creditNotes = creditNotes;
        this.writes = writes;
        this.clock = clock;
    }

    public Optional<ReturnView> find(Website website, String webReturnNumber) {
        return writes.read(
                () -> store.byNumber(website.id(), webReturnNumber, false).map(returnViews::view));
    }

    /**
     * A page of returns, the cursor of the next one (null at the end), and the time the page is
     * complete up to: a poller passes it back as {@code modifiedSince} to see every change once.
     */
    public record Page(List<ReturnView> returns, String nextCursor, Instant asOf) {}

    /**
     * How far behind now a time-window poll reads: a change stamped just before the poll may not have
     * committed yet, and must fall in the next window instead of being missed.
     */
    static final Duration SETTLING = Duration.ofSeconds(1);

    /**
     * Returns by last change, oldest first: a poller that keeps the cursor sees every change once.
     *
     * @param cursor where the previous page ended (opaque), or null
     */
    public Page list(
            Website website,
            ReturnStatus status,
            Instant modifiedSince,
            Instant modifiedBefore,
            String cursor,
            int limit) {
        PageCursor after = cursor == null
                ? null
                : PageCursor.read(cursor)
                        .filter(c -> c.order() == null)
                        .orElseThrow(() -> ReturnRefusedException.of(
                                400,
                                "INVALID_CURSOR",
                                "the cursor is not one this API gave",
                                "/cursor",
                                "pass back the nextCursor of a previous page unchanged"));
        Instant at = after == null ? null : after.at();
        long id = after == null ? 0 : after.id();
        Instant asOf = clock.instant().minus(SETTLING);
        // A window poll (modifiedSince without an end) reads up to asOf, and asOf opens its next window.
        Instant before = modifiedBefore != null ? modifiedBefore : modifiedSince != null ? asOf : null;
        return writes.read(() -> {
            PageCursor.Page<StoredReturn> page = PageCursor.page(
                    listings.page(website.id(), status, modifiedSince, before, at, id, limit + 1),
                    limit,
                    last -> new PageCursor(null, last.updatedAt(), last.id()));
            return new Page(returnViews.views(page.rows()), page.nextToken(), before != null ? before : asOf);
        });
    }

    /** For operators: a website's returns, latest change first, by status and/or a return or order number. */
    public List<ReturnView> search(Website website, ReturnStatus status, String number, int limit) {
        return writes.read(() -> returnViews.views(listings.search(website.id(), status, number, limit)));
    }

    // ---- the console's search and an order's story

    /** A return the search found, and its website's id. */
    public record FoundReturn(long websiteId, ReturnView view) {}

    /** An order as the shop registered it (null when only the ERP's comments name it), and its returns. */
    public record OrderReturns(OrderSnapshot order, List<ReturnView> returns) {}

    /** Orders of these websites by number, the shop's or the ERP's (exact). */
    public List<FoundOrder> ordersByNumber(List<Long> websiteIds, String number, int limit) {
        return websiteIds.isEmpty()
                ? List.of()
                : writes.read(() -> orderSearch.ordersByNumber(websiteIds, number, limit));
    }

    /**
     * Orders of these websites whose customer's name or email starts with {@code text}, case and
     * accents aside ({@link SearchText}); both columns read, names first.
     */
    public List<FoundOrder> ordersByCustomer(List<Long> websiteIds, String text, int limit) {
        String prefix = SearchText.normalise(text);
        if (websiteIds.isEmpty() || prefix == null || prefix.isEmpty()) {
            return List.of();
        }
        return writes.read(() -> {
            List<FoundOrder> found = new ArrayList<>();
            for (OrderSearch.CustomerColumn column : OrderSearch.CustomerColumn.values()) {
                for (FoundOrder order : orderSearch.ordersByCustomer(websiteIds, column, prefix, limit)) {
                    if (!found.contains(order)) {
                        found.add(order);
                    }
                }
            }
            return found;
        });
    }

    /** Returns of these websites by number, the shop's or the ERP's (exact). */
    public List<FoundReturn> returnsByNumber(List<Long> websiteIds, String number, int limit) {
        if (websiteIds.isEmpty()) {
            return List.of();
        }
        return writes.read(() -> {
            List<StoredReturn> found = orderSearch.returnsByNumber(websiteIds, number, limit);
            List<ReturnView> views = returnViews.views(found);
            List<FoundReturn> results = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                results.add(new FoundReturn(found.get(i).websiteId(), views.get(i)));
            }
            return results;
        });
    }

    /** The order with this shop number, as last registered. */
    public Optional<OrderSnapshot> order(Website website, String webOrderNumber) {
        return writes.read(
                () -> orderStore.orderByNumber(website.id(), webOrderNumber).map(order -> order.snapshot()));
    }

    /** The order with this shop number and its returns (oldest first, at most {@code limit}). */
    public OrderReturns orderReturns(Website website, String webOrderNumber, int limit) {
        return writes.read(() -> orderStore
                .orderByNumber(website.id(), webOrderNumber)
                .map(order -> new OrderReturns(
                        order.snapshot(), returnViews.views(listings.returnsOfOrder(order.id(), limit))))
                .orElse(new OrderReturns(null, List.of())));
    }

    /** The customers of these orders of the website, by the shop's order number (for lists of returns). */
    public Map<String, FoundOrder> customers(Website website, Collection<String> webOrderNumbers) {
        return webOrderNumbers.isEmpty()
                ? Map.of()
                : writes.read(() -> orderSearch.ordersByWebNumbers(website.id(), webOrderNumbers));
    }

    /** Returns changed within the window (or of the orders named), paged by offset and count. */
    public List<ErpReturn> forErp(Website website, GetSelection selected) {
        return writes.read(() -> returnViews.views(listings.forErp(website.id(), selected)).stream()
                .map(r -> new ErpReturn(
                        r.orderNumber() != null ? r.orderNumber() : r.webOrderNumber(),
                        r.webReturnNumber(),
                        r.status().holdsQuantities(),
                        new ReturnState(r.status(), r.resolution()).toString(),
                        r.reason(),
                        r.lines().stream()
                                .map(line -> new ErpReturn.Product(line.reference(), line.quantity()))
                                .toList()))
                .toList());
    }

    /** Units returned by reason and by product, of the returns requested since {@code since}. */
    public ReasonsReport reasons(Website website, Instant since) {
        return writes.read(() -> listings.reasonsSince(website.id(), since));
    }

    /** Credit notes for the ERP: made in the window, or of the orders named; paged. */
    public List<ErpCreditNote> creditNotesForErp(Website website, GetSelection selected) {
        return writes.read(() -> creditNotes.forErp(website.id(), selected)).stream()
                .map(note -> new ErpCreditNote(
                        note.orderNumber() != null ? note.orderNumber() : note.webOrderNumber(),
                        note.number(),
                        note.valid(),
                        note.lines().stream()
                                .map(line -> new ErpCreditNote.Product(
                                        line.reference(),
                                        line.name(),
                                        line.quantity(),
                                        line.unitPrice(),
                                        line.vatRate()))
                                .toList()))
                .toList();
    }

    /** Current state changes by the outbox's keys, for the shop. */
    public Map<String, VersionedItem<ReturnStateChange>> stateChanges(long websiteId, Collection<String> eventIds) {
        return store.stateChanges(websiteId, eventIds);
    }
}
