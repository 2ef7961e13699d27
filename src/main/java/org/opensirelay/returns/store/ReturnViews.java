package org.opensirelay.returns.store;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.opensirelay.returns.domain.ChannableStatus;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.Resolution;
import org.opensirelay.returns.domain.ReturnItems;
import org.opensirelay.returns.domain.ReturnReasons;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Owns the assembly of a return's view ({@link ReturnView}): its order, lines, timeline, label and credit notes, a page at a time. */
@Component
public class ReturnViews {

    private final JdbcTemplate jdbc;
    private final OrderStore orderStore;
    private final CreditNotes creditNotes;

    ReturnViews(JdbcTemplate jdbc, OrderStore orderStore, CreditNotes creditNotes) {
        this.jdbc = jdbc;
        this.orderStore = orderStore;
        this.creditNotes = creditNotes;
    }

    public ReturnView view(StoredReturn stored) {
        return views(List.of(stored)).get(0);
    }

    /** The view of a return whose order the caller has already read. */
    public ReturnView view(StoredReturn stored, OrderSnapshot order) {
        return views(List.of(stored), Map.of(stored.orderId(), order)).get(0);
    }

    /**
     * The views of a page of returns, in its order, each with its order, lines, timeline, label and
     * credit notes: one query for each of those for the whole page (at most {@value IdChunks#IDS_PER_QUERY}
     * returns a query), not one per return.
     */
    public List<ReturnView> views(List<StoredReturn> page) {
        return views(page, orderStore.ordersOf(page));
    }

    /** {@link #views(List)} of returns whose orders the caller has already read ({@code orders} by id, every one). */
    public List<ReturnView> views(List<StoredReturn> page, Map<Long, OrderSnapshot> orders) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<Long, StoredReturn> byId = new HashMap<>();
        page.forEach(r -> byId.put(r.id(), r));
        List<Long> ids = List.copyOf(byId.keySet());
        Map<Long, List<ReturnView.Line>> lines = new HashMap<>();
        IdChunks.query(
                jdbc,
                ids,
                "SELECT return_id, order_line_id, reference, quantity, reason_code, reason_category FROM order_return_line"
                        + " WHERE return_id IN (%s) ORDER BY return_id, line_no",
                rs -> {
                    long returnId = rs.getLong("return_id");
                    lines.computeIfAbsent(returnId, k -> new ArrayList<>())
                            .add(new ReturnView.Line(
                                    rs.getString("order_line_id"),
                                    rs.getString("reference"),
                                    rs.getInt("quantity"),
                                    rs.getString("reason_code"),
                                    rs.getString("reason_category") != null
                                            ? rs.getString("reason_category")
                                            // Lines stored before the taxonomy: the default mapping of their words.
                                            : ReturnReasons.category(
                                                    rs.getString("reason_code"),
                                                    byId.get(returnId).reason(),
                                                    Map.of())));
                });
        Map<Long, List<ReturnView.Event>> timelines = new HashMap<>();
        IdChunks.query(
                jdbc,
                ids,
                "SELECT return_id, id, at, side, from_status, to_status, resolution, raw_value, divergence, note FROM return_event"
                        + " WHERE return_id IN (%s) ORDER BY return_id, id",
                rs -> timelines
                        .computeIfAbsent(rs.getLong("return_id"), k -> new ArrayList<>())
                        .add(new ReturnView.Event(
                                rs.getLong("id"),
                                rs.getObject("at", OffsetDateTime.class).toInstant(),
                                Side.valueOf(rs.getString("side")),
                                status(rs.getString("from_status")),
                                status(rs.getString("to_status")),
                                rs.getString("resolution") == null
                                        ? null
                                        : Resolution.valueOf(rs.getString("resolution")),
                                rs.getString("raw_value"),
                                rs.getBoolean("divergence"),
                                rs.getString("note"))));
        // The newest row is the label: read in id order, each later one replaces the one before.
        Map<Long, ReturnView.Label> labels = new HashMap<>();
        IdChunks.query(
                jdbc,
                ids,
                "SELECT return_id, label_url, carrier, tracking_number, created_at FROM return_label WHERE return_id IN (%s)"
                        + " ORDER BY return_id, id",
                rs -> labels.put(
                        rs.getLong("return_id"),
                        new ReturnView.Label(
                                rs.getString("label_url"),
                                rs.getString("carrier"),
                                rs.getString("tracking_number"),
                                rs.getObject("created_at", OffsetDateTime.class).toInstant())));
        Map<Long, List<CreditNotes.CreditNote>> notes = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IdChunks.IDS_PER_QUERY) {
            creditNotes
                    .ofReturns(ids.subList(from, Math.min(ids.size(), from + IdChunks.IDS_PER_QUERY)))
                    .forEach(c -> notes.computeIfAbsent(c.returnId(), k -> new ArrayList<>())
                            .add(c));
        }
        return page.stream()
                .map(stored -> {
                    OrderSnapshot order = orders.get(stored.orderId());
                    return new ReturnView(
                            stored.webReturnNumber(),
                            order.webOrderNumber(),
                            order.orderNumber(),
                            stored.erpReturnNumber(),
                            stored.source(),
                            stored.externalId(),
                            stored.reason(),
                            stored.status(),
                            stored.resolution(),
                            ChannableStatus.of(stored.status(), stored.resolution()),
                            stored.slipUrl(),
                            stored.createdAt(),
                            stored.updatedAt(),
                            lines.getOrDefault(stored.id(), List.of()),
                            timelines.getOrDefault(stored.id(), List.of()),
                            labels.get(stored.id()),
                            notes.getOrDefault(stored.id(), List.of()).stream()
                                    .map(c -> new ReturnView.CreditNoteView(
                                            c.number(),
                                            c.createdAt(),
                                            ReturnItems.money(c.total()),
                                            c.currency(),
                                            c.lines().stream()
                                                    .map(l -> new ReturnView.CreditNoteView.Line(
                                                            l.reference(),
                                                            l.name(),
                                                            l.quantity(),
                                                            ReturnItems.money(l.unitPrice()),
                                                            ReturnItems.money(l.vatRate())))
                                                    .toList()))
                                    .toList());
                })
                .toList();
    }

    private static ReturnStatus status(String name) {
        return name == null ? null : ReturnStatus.valueOf(name);
    }
}
