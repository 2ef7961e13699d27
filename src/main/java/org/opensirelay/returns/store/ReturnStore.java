package org.opensirelay.returns.store;

import static org.opensirelay.database.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.opensirelay.database.GeneratedIds;
import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.opensi.GetSelection;
import org.opensirelay.opensi.ReturnNumbers;
import org.opensirelay.returns.domain.ChannableStatus;
import org.opensirelay.returns.domain.Eligibility;
import org.opensirelay.returns.domain.FoundOrder;
import org.opensirelay.returns.domain.OrderJson;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.ReasonsReport;
import org.opensirelay.returns.domain.Resolution;
import org.opensirelay.returns.domain.ReturnItems;
import org.opensirelay.returns.domain.ReturnReasons;
import org.opensirelay.returns.domain.ReturnRequest;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.text.SearchText;
import org.opensirelay.text.Sql;
import org.opensirelay.text.Text;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/** The SQL of orders and returns. Callers hold the transaction. */
@Component
public class ReturnStore {

    /** A stored order: its id, version and snapshot. */
    public record StoredOrder(long id, int version, OrderSnapshot snapshot, String canonical) {}

    /** A stored return's row. */
    public record StoredReturn(
            long id,
            long websiteId,
            long orderId,
            String webReturnNumber,
            String erpReturnNumber,
            String source,
            String externalId,
            String requestHash,
            String reason,
            ReturnStatus status,
            Resolution resolution,
            String slipUrl,
            boolean acknowledged,
            String returnMethod,
            Instant createdAt,
            Instant updatedAt) {

        public ReturnState state() {
            return new ReturnState(status, resolution);
        }

        /** The contract's ReturnNumber of this return ({@link ReturnNumbers}). */
        public String contractReturnNumber() {
            return ReturnNumbers.contractNumber(id, webReturnNumber, erpReturnNumber);
        }
    }

    private static final List<String> RETURN_COLUMN_NAMES = List.of(
            "id",
            "website_id",
            "order_id",
            "web_return_number",
            "erp_return_number",
            "source",
            "external_id",
            "request_hash",
            "reason",
            "status",
            "resolution",
            "slip_url",
            "acknowledged",
            "return_method",
            "created_at",
            "updated_at");
    private static final String RETURN_COLUMNS = String.join(", ", RETURN_COLUMN_NAMES);
    /** The same columns, of {@code order_return r} joined to its order. */
    private static final String R_RETURN_COLUMNS =
            String.join(", ", RETURN_COLUMN_NAMES.stream().map("r."::concat).toList());

    private final JdbcTemplate jdbc;

    ReturnStore(JdbcTemplate jdbc, CreditNotes creditNotes) {
        this.jdbc = jdbc;
        this.creditNotes = creditNotes;
    }

    private final CreditNotes creditNotes;

    // ---- orders

    /** The order, locked until the transaction ends (returns of one order are judged one after the other). */
    public Optional<StoredOrder> lockOrder(long websiteId, String webOrderNumber) {
        return jdbc
                .query(
                        "SELECT id, version, snapshot FROM shop_order WHERE website_id = ? AND web_order_number = ? FOR UPDATE",
                        (rs, n) -> new StoredOrder(
                                rs.getLong("id"),
                                rs.getInt("version"),
                                OrderJson.read(rs.getString("snapshot")),
                                rs.getString("snapshot")),
                        websiteId,
                        webOrderNumber)
                .stream()
                .findFirst();
    }

    public Optional<StoredOrder> order(long orderId) {
        return jdbc
                .query(
                        "SELECT id, version, snapshot FROM shop_order WHERE id = ?",
                        (rs, n) -> new StoredOrder(
                                rs.getLong("id"),
                                rs.getInt("version"),
                                OrderJson.read(rs.getString("snapshot")),
                                rs.getString("snapshot")),
                        orderId)
                .stream()
                .findFirst();
    }

    public long insertOrder(long websiteId, OrderSnapshot order, String canonical, Instant now) {
        long id = GeneratedIds.insert(
                jdbc,
                "INSERT INTO shop_order (website_id, web_order_number, order_number, version, snapshot,"
                        + " customer_name_search, customer_email_search, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)",
                websiteId,
                order.webOrderNumber(),
                order.orderNumber(),
                canonical,
                SearchText.normalise(order.customerName()),
                SearchText.normalise(order.customerEmail()),
                utc(now),
                utc(now));
        jdbc.update(
                "INSERT INTO shop_order_version (order_id, version, snapshot, created_at) VALUES (?, 1, ?, ?)",
                id,
                canonical,
                utc(now));
        return id;
    }

    public void updateOrder(long orderId, int version, OrderSnapshot order, String canonical, Instant now) {
        jdbc.update(
                "UPDATE shop_order SET order_number = ?, version = ?, snapshot = ?, customer_name_search = ?,"
                        + " customer_email_search = ?, updated_at = ? WHERE id = ?",
                order.orderNumber(),
                version,
                canonical,
                SearchText.normalise(order.customerName()),
                SearchText.normalise(order.customerEmail()),
                utc(now),
                orderId);
        jdbc.update(
                "INSERT INTO shop_order_version (order_id, version, snapshot, created_at) VALUES (?, ?, ?, ?)",
                orderId,
                version,
                canonical,
                utc(now));
    }

    // ---- returns

    /** Per order line id, the quantity this order's returns that hold quantities claim. */
    public Map<String, Integer> claimed(long orderId) {
        Map<String, Integer> claimed = new HashMap<>();
        jdbc.query(
                "SELECT l.order_line_id, SUM(l.quantity) AS q FROM order_return_line l JOIN order_return r ON r.id = l.return_id"
                        + " WHERE r.order_id = ? AND r.status NOT IN ('REJECTED', 'CANCELLED') GROUP BY l.order_line_id",
                rs -> {
                    claimed.put(rs.getString("order_line_id"), rs.getInt("q"));
                },
                orderId);
        return claimed;
    }

    public Optional<StoredReturn> byExternalId(long websiteId, String source, String externalId) {
        return one("WHERE website_id = ? AND source = ? AND external_id = ?", websiteId, source, externalId);
    }

    public Optional<StoredReturn> byIdempotencyKey(long websiteId, String key) {
        return one("WHERE website_id = ? AND idempotency_key = ?", websiteId, key);
    }

    public Optional<StoredReturn> byNumber(long websiteId, String webReturnNumber, boolean lock) {
        return one(
                "WHERE website_id = ? AND web_return_number = ?" + (lock ? " FOR UPDATE" : ""),
                websiteId,
                webReturnNumber);
    }

    public Optional<StoredReturn> byId(long returnId) {
        return one("WHERE id = ?", returnId);
    }

    private Optional<StoredReturn> one(String where, Object... args) {
        return jdbc
                .query("SELECT " + RETURN_COLUMNS + " FROM order_return " + where, ReturnStore::storedReturn, args)
                .stream()
                .findFirst();
    }

    private static StoredReturn storedReturn(ResultSet rs, int n) throws SQLException {
        String resolution = rs.getString("resolution");
        return new StoredReturn(
                rs.getLong("id"),
                rs.getLong("website_id"),
                rs.getLong("order_id"),
                rs.getString("web_return_number"),
                rs.getString("erp_return_number"),
                rs.getString("source"),
                rs.getString("external_id"),
                rs.getString("request_hash"),
                rs.getString("reason"),
                ReturnStatus.valueOf(rs.getString("status")),
                resolution == null ? null : Resolution.valueOf(resolution),
                rs.getString("slip_url"),
                rs.getBoolean("acknowledged"),
                rs.getString("return_method"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /** Inserts a REQUESTED return and its lines; a null number gets one assigned (R + 9 digits). */
    public StoredReturn insertReturn(
            long websiteId,
            long orderId,
            ReturnRequest request,
            String idempotencyKey,
            String requestHash,
            List<Eligibility.MatchedLine> lines,
            List<String> reasonCategories,
            Instant now) {
        // Until the id is known, an assigned number is a unique placeholder.
        String given = request.webReturnNumber() != null
                ? request.webReturnNumber()
                : "~" + UUID.randomUUID().toString().replace("-", "").substring(0, 19);
        long id = GeneratedIds.insert(
                jdbc,
                "INSERT INTO order_return (website_id, order_id, web_return_number, source, external_id,"
                        + " idempotency_key, request_hash, reason, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'REQUESTED', ?, ?)",
                websiteId,
                orderId,
                given,
                request.source(),
                request.externalId(),
                idempotencyKey,
                requestHash,
                request.reason().strip(),
                utc(now),
                utc(now));
        String number = given;
        if (request.webReturnNumber() == null) {
            // Assigned from the id once known: short, readable, unique per relay, and within the
            // contract's 10 characters of a ReturnNumber.
            number = "R%09d".formatted(id);
            jdbc.update("UPDATE order_return SET web_return_number = ? WHERE id = ?", number, id);
        }
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Eligibility.MatchedLine line = lines.get(i);
            rows.add(new Object[] {
                id,
                i + 1,
                line.orderLine().lineId(),
                line.orderLine().reference(),
                line.quantity(),
                line.reasonCode(),
                reasonCategories.get(i)
            });
        }
        jdbc.batchUpdate(
                "INSERT INTO order_return_line (return_id, line_no, order_line_id, reference, quantity, reason_code, reason_category)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows);
        return byNumber(websiteId, number, false).orElseThrow();
    }

    public void updateState(long returnId, ReturnState state, Instant now) {
        jdbc.update(
                "UPDATE order_return SET status = ?, resolution = ?, updated_at = ? WHERE id = ?",
                state.status().name(),
                state.resolution() == null ? null : state.resolution().name(),
                utc(now),
                returnId);
    }

    public void attachSlip(long returnId, String url, String erpReturnNumber, Instant now) {
        jdbc.update(
                "UPDATE order_return SET slip_url = ?, erp_return_number = COALESCE(?, erp_return_number), updated_at = ?"
                        + " WHERE id = ?",
                url,
                erpReturnNumber,
                utc(now),
                returnId);
    }

    /** Units returned by reason (the taxonomy's code) and by product, of the returns requested since {@code since}. */
    public ReasonsReport reasonsSince(long websiteId, Instant since) {
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Map<String, Long>> byProduct = new TreeMap<>();
        jdbc.query(
                "SELECT l.reason_category, l.reason_code, r.reason, l.reference, l.quantity FROM order_return_line l"
                        + " JOIN order_return r ON r.id = l.return_id WHERE r.website_id = ? AND r.created_at >= ?",
                rs -> {
                    String category = rs.getString("reason_category") != null
                            ? rs.getString("reason_category")
                            : ReturnReasons.category(rs.getString("reason_code"), rs.getString("reason"), Map.of());
                    long units = rs.getLong("quantity");
                    byReason.merge(category, units, Long::sum);
                    byProduct
                            .computeIfAbsent(rs.getString("reference"), k -> new TreeMap<>())
                            .merge(category, units, Long::sum);
                },
                websiteId,
                utc(since));
        List<ReasonsReport.ReasonCount> reasons = byReason.entrySet().stream()
                .map(e -> new ReasonsReport.ReasonCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(ReasonsReport.ReasonCount::units)
                        .reversed()
                        .thenComparing(ReasonsReport.ReasonCount::reason))
                .toList();
        List<ReasonsReport.ProductCount> products = byProduct.entrySet().stream()
                .map(e -> {
                    long units = e.getValue().values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
                    String top = e.getValue().entrySet().stream()
                            .max(Map.Entry.<String, Long>comparingByValue()
                                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                            .orElseThrow()
                            .getKey();
                    return new ReasonsReport.ProductCount(e.getKey(), units, top);
                })
                .sorted(Comparator.comparingLong(ReasonsReport.ProductCount::units)
                        .reversed()
                        .thenComparing(ReasonsReport.ProductCount::reference))
                .toList();
        return new ReasonsReport(reasons, products);
    }

    /** The return's label as last attached. */
    public Optional<ReturnView.Label> label(long returnId) {
        return jdbc
                .query(
                        "SELECT label_url, carrier, tracking_number, created_at FROM return_label WHERE return_id = ?"
                                + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                        (rs, n) -> new ReturnView.Label(
                                rs.getString("label_url"),
                                rs.getString("carrier"),
                                rs.getString("tracking_number"),
                                rs.getObject("created_at", OffsetDateTime.class).toInstant()),
                        returnId)
                .stream()
                .findFirst();
    }

    /** A label attached (or changed): the newest row is the label; the return counts as changed. */
    public void addLabel(long returnId, ReturnView.Label label, Side side, Instant now) {
        jdbc.update(
                "INSERT INTO return_label (return_id, label_url, carrier, tracking_number, side, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                returnId,
                label.labelUrl(),
                label.carrier(),
                label.trackingNumber(),
                side.name(),
                utc(now));
        jdbc.update("UPDATE order_return SET updated_at = ? WHERE id = ?", utc(now), returnId);
    }

    public void recordErpNumber(long returnId, String erpReturnNumber) {
        jdbc.update("UPDATE order_return SET erp_return_number = ? WHERE id = ?", erpReturnNumber, returnId);
    }

    /** Appends an event to the timeline; returns its id. */
    public long addEvent(
            long returnId,
            Instant at,
            Side side,
            ReturnStatus from,
            ReturnState to,
            String raw,
            boolean divergence,
            String note) {
        return GeneratedIds.insert(
                jdbc,
                "INSERT INTO return_event (return_id, at, side, from_status, to_status, resolution, raw_value,"
                        + " divergence, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                returnId,
                utc(at),
                side.name(),
                from == null ? null : from.name(),
                to == null ? null : to.status().name(),
                to == null || to.resolution() == null ? null : to.resolution().name(),
                Text.abbreviate(raw, 200),
                divergence,
                Text.abbreviate(note, 1000));
    }

    // ---- reading

    public ReturnView view(StoredReturn stored) {
        return views(List.of(stored)).get(0);
    }

    /** The view of a return whose order the caller has already read. */
    public ReturnView view(StoredReturn stored, OrderSnapshot order) {
        return views(List.of(stored), Map.of(stored.orderId(), order)).get(0);
    }

    /**
     * The views of a page of returns, in its order, each with its order, lines, timeline, label and
     * credit notes: one query for each of those for the whole page (at most {@value #IDS_PER_QUERY}
     * returns a query), not one per return.
     */
    public List<ReturnView> views(List<StoredReturn> page) {
        return views(page, ordersOf(page));
    }

    /** The orders of a page of returns, by id: one query. */
    public Map<Long, OrderSnapshot> ordersOf(List<StoredReturn> page) {
        Map<Long, OrderSnapshot> orders = new HashMap<>();
        byIds(
                page.stream().map(StoredReturn::orderId).distinct().toList(),
                "SELECT id, snapshot FROM shop_order WHERE id IN (%s)",
                rs -> orders.put(rs.getLong("id"), OrderJson.read(rs.getString("snapshot"))));
        return orders;
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
        byIds(
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
        byIds(
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
        byIds(
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
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            creditNotes
                    .ofReturns(ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY)))
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

    /** Ids per {@code IN (...)} list: a page of returns (at most 250) in one query, well below every driver's parameter limit. */
    private static final int IDS_PER_QUERY = 500;

    /** Runs {@code sql} (one {@code %s} for the id markers) for {@code ids}, {@value #IDS_PER_QUERY} at a time. */
    private void byIds(List<Long> ids, String sql, RowCallbackHandler row) {
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            jdbc.query(sql.formatted(Sql.markers(chunk.size())), row, chunk.toArray());
        }
    }

    /** One page of a website's returns, by last change then id, after the cursor position. */
    public List<StoredReturn> page(
            long websiteId,
            ReturnStatus status,
            Instant modifiedSince,
            Instant modifiedBefore,
            Instant afterUpdatedAt,
            long afterId,
            int limit) {
        List<Object> args = new ArrayList<>(List.of(websiteId));
        StringBuilder where = new StringBuilder("WHERE website_id = ?");
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status.name());
        }
        if (modifiedSince != null) {
            where.append(" AND updated_at >= ?");
            args.add(utc(modifiedSince));
        }
        if (modifiedBefore != null) {
            where.append(" AND updated_at < ?");
            args.add(utc(modifiedBefore));
        }
        if (afterUpdatedAt != null) {
            where.append(" AND (updated_at > ? OR (updated_at = ? AND id > ?))");
            args.add(utc(afterUpdatedAt));
            args.add(utc(afterUpdatedAt));
            args.add(afterId);
        }
        args.add(limit);
        return jdbc.query(
                "SELECT " + RETURN_COLUMNS + " FROM order_return " + where
                        + " ORDER BY updated_at, id FETCH FIRST ? ROWS ONLY",
                ReturnStore::storedReturn,
                args.toArray());
    }

    /** A website's returns, latest change first, by status and/or a number (return's or order's, ERP's or shop's). */
    public List<StoredReturn> search(long websiteId, ReturnStatus status, String number, int limit) {
        List<Object> args = new ArrayList<>(List.of(websiteId));
        StringBuilder where = new StringBuilder("WHERE r.website_id = ?");
        if (status != null) {
            where.append(" AND r.status = ?");
            args.add(status.name());
        }
        if (number != null && !number.isBlank()) {
            where.append(
                    " AND (r.web_return_number = ? OR r.erp_return_number = ? OR o.web_order_number = ? OR o.order_number = ?)");
            for (int i = 0; i < 4; i++) {
                args.add(number.strip());
            }
        }
        args.add(limit);
        return jdbc.query(
                "SELECT " + R_RETURN_COLUMNS + " FROM order_return r JOIN shop_order o ON o.id = r.order_id " + where
                        + " ORDER BY r.updated_at DESC, r.id DESC FETCH FIRST ? ROWS ONLY",
                ReturnStore::storedReturn,
                args.toArray());
    }

    // ---- the console's search: by the visible websites' ids and one key, each read an index lookup

    private static final String FOUND_ORDER_COLUMNS = "SELECT website_id, web_order_number, snapshot FROM shop_order";

    private static FoundOrder foundOrder(ResultSet rs, int n) throws SQLException {
        OrderSnapshot order = OrderJson.read(rs.getString("snapshot"));
        return new FoundOrder(
                rs.getLong("website_id"),
                rs.getString("web_order_number"),
                order.orderNumber(),
                order.customerName(),
                order.customerEmail());
    }

    /** The orders of these websites whose number, the shop's or the ERP's, is {@code number}. */
    public List<FoundOrder> ordersByNumber(List<Long> websiteIds, String number, int limit) {
        List<FoundOrder> found = new ArrayList<>();
        for (String column : List.of("web_order_number", "order_number")) {
            found.addAll(jdbc.query(
                    FOUND_ORDER_COLUMNS + " WHERE website_id IN (" + Sql.markers(websiteIds.size()) + ") AND " + column
                            + " = ? FETCH FIRST ? ROWS ONLY",
                    ReturnStore::foundOrder,
                    withKey(websiteIds, number, limit)));
        }
        return found;
    }

    /** Which customer column a search reads: each has its index led by the website. */
    public enum CustomerColumn {
        NAME("customer_name_search"),
        EMAIL("customer_email_search");

        private final String column;

        CustomerColumn(String column) {
            this.column = column;
        }
    }

    /**
     * The orders of these websites whose customer's name or email ({@code column}, normalised) starts
     * with {@code prefix} (normalised by the caller): an index range per website, {@code LIKE 'prefix%'}
     * written as the range it is ({@link SearchText#prefixEnd}).
     */
    public List<FoundOrder> ordersByCustomer(List<Long> websiteIds, CustomerColumn column, String prefix, int limit) {
        String end = SearchText.prefixEnd(prefix);
        List<Object> args = new ArrayList<>(websiteIds);
        args.add(prefix);
        if (end != null) {
            args.add(end);
        }
        args.add(limit);
        return jdbc.query(
                FOUND_ORDER_COLUMNS + " WHERE website_id IN (" + Sql.markers(websiteIds.size()) + ") AND "
                        + column.column + " >= ?" + (end != null ? " AND " + column.column + " < ?" : "")
                        + " ORDER BY " + column.column + ", website_id, web_order_number FETCH FIRST ? ROWS ONLY",
                ReturnStore::foundOrder,
                args.toArray());
    }

    /** The returns of these websites whose number, the shop's or the ERP's, is {@code number}. */
    public List<StoredReturn> returnsByNumber(List<Long> websiteIds, String number, int limit) {
        List<StoredReturn> found = new ArrayList<>();
        for (String column : List.of("web_return_number", "erp_return_number")) {
            found.addAll(jdbc.query(
                    "SELECT " + RETURN_COLUMNS + " FROM order_return WHERE website_id IN ("
                            + Sql.markers(websiteIds.size()) + ") AND " + column + " = ? FETCH FIRST ? ROWS ONLY",
                    ReturnStore::storedReturn,
                    withKey(websiteIds, number, limit)));
        }
        return found;
    }

    /** The website's order with this shop number, as last registered (not locked). */
    public Optional<StoredOrder> orderByNumber(long websiteId, String webOrderNumber) {
        return jdbc
                .query(
                        "SELECT id, version, snapshot FROM shop_order WHERE website_id = ? AND web_order_number = ?",
                        (rs, n) -> new StoredOrder(
                                rs.getLong("id"),
                                rs.getInt("version"),
                                OrderJson.read(rs.getString("snapshot")),
                                rs.getString("snapshot")),
                        websiteId,
                        webOrderNumber)
                .stream()
                .findFirst();
    }

    /** An order's returns, oldest first. */
    public List<StoredReturn> returnsOfOrder(long orderId, int limit) {
        return jdbc.query(
                "SELECT " + RETURN_COLUMNS
                        + " FROM order_return WHERE order_id = ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                ReturnStore::storedReturn,
                orderId,
                limit);
    }

    /** The website's orders with these shop numbers, by number (for a list of returns: each one's customer). */
    public Map<String, FoundOrder> ordersByWebNumbers(long websiteId, Collection<String> webOrderNumbers) {
        Map<String, FoundOrder> found = new HashMap<>();
        List<String> numbers = List.copyOf(new LinkedHashSet<>(webOrderNumbers));
        for (int from = 0; from < numbers.size(); from += IDS_PER_QUERY) {
            List<String> chunk = numbers.subList(from, Math.min(numbers.size(), from + IDS_PER_QUERY));
            List<Object> args = new ArrayList<>(List.of(websiteId));
            args.addAll(chunk);
            jdbc.query(
                    FOUND_ORDER_COLUMNS + " WHERE website_id = ? AND web_order_number IN (" + Sql.markers(chunk.size())
                            + ")",
                    (RowCallbackHandler) rs -> {
                        FoundOrder order = foundOrder(rs, 0);
                        found.put(order.webOrderNumber(), order);
                    },
                    args.toArray());
        }
        return found;
    }

    private static Object[] withKey(List<Long> websiteIds, Object key, int limit) {
        List<Object> args = new ArrayList<>(websiteIds);
        args.add(key);
        args.add(limit);
        return args.toArray();
    }

    /** Returns for the ERP: changed within the window (either end open), or of the orders named; by change then id. */
    public List<StoredReturn> forErp(long websiteId, GetSelection selected) {
        List<Object> args = new ArrayList<>();
        String where = erpSelection("r.website_id", "r.updated_at", websiteId, selected, args);
        return jdbc.query(
                "SELECT " + R_RETURN_COLUMNS + " FROM order_return r JOIN shop_order o ON o.id = r.order_id " + where
                        + " ORDER BY r.updated_at, r.id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                ReturnStore::storedReturn,
                args.toArray());
    }

    /**
     * The contract's common "get" selection, for a query joined to {@code shop_order o}: the website's
     * rows of the orders named (either number), or else those whose {@code column} is within
     * {@code from}..{@code to} (either end open when null). Appends its arguments to {@code args},
     * the page's offset and count last.
     */
    public static String erpSelection(
            String websiteColumn, String column, long websiteId, GetSelection selected, List<Object> args) {
        args.add(websiteId);
        List<String> orderNumbers = selected.orderNumbers();
        StringBuilder where = new StringBuilder("WHERE " + websiteColumn + " = ?");
        if (!orderNumbers.isEmpty()) {
            String marks = Sql.markers(orderNumbers.size());
            where.append(" AND (o.order_number IN (")
                    .append(marks)
                    .append(") OR o.web_order_number IN (")
                    .append(marks)
                    .append("))");
            args.addAll(orderNumbers);
            args.addAll(orderNumbers);
        } else {
            if (selected.from() != null) {
                where.append(" AND ").append(column).append(" >= ?");
                args.add(utc(selected.from()));
            }
            if (selected.to() != null) {
                where.append(" AND ").append(column).append(" <= ?");
                args.add(utc(selected.to()));
            }
        }
        // The page: the caller's query ends with OFFSET ? ROWS FETCH … ? ROWS ONLY.
        args.add(selected.offset());
        args.add(selected.count());
        return where.toString();
    }

    // ---- the orderreturns view: item settlements, idempotent operations, acknowledgement

    public List<ReturnItems.Settlement> settlements(long returnId) {
        return settlements(List.of(returnId)).getOrDefault(returnId, List.of());
    }

    /** The item settlements of these returns, each return's in the order they were made. */
    public Map<Long, List<ReturnItems.Settlement>> settlements(List<Long> returnIds) {
        Map<Long, List<ReturnItems.Settlement>> settlements = new HashMap<>();
        byIds(
                returnIds,
                "SELECT return_id, item_id, kind, price_amount, tax_amount, reason, reason_text FROM return_item_settlement"
                        + " WHERE return_id IN (%s) ORDER BY return_id, id",
                rs -> settlements
                        .computeIfAbsent(rs.getLong("return_id"), k -> new ArrayList<>())
                        .add(new ReturnItems.Settlement(
                                rs.getString("item_id"),
                                "REFUND".equals(rs.getString("kind")),
                                rs.getBigDecimal("price_amount"),
                                rs.getBigDecimal("tax_amount"),
                                rs.getString("reason"),
                                rs.getString("reason_text"))));
        return settlements;
    }

    public void addSettlement(
            long returnId,
            ReturnItems.Settlement settlement,
            String currency,
            String paymentType,
            String reasonText,
            String operationId,
            Instant at) {
        jdbc.update(
                "INSERT INTO return_item_settlement (return_id, item_id, kind, price_amount, tax_amount, currency, payment_type,"
                        + " reason, reason_text, operation_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                returnId,
                settlement.itemId(),
                settlement.refund() ? "REFUND" : "REJECT",
                settlement.price(),
                settlement.tax(),
                settlement.refund() ? currency : null,
                paymentType,
                settlement.reason(),
                Text.abbreviate(reasonText, 1000),
                operationId,
                utc(at));
    }

    /** An operation already executed: the hash of its request, and what it resulted in. */
    public record RecordedOperation(String requestHash, String result) {}

    /** The operation already executed in this scope under this id, if any. */
    public Optional<RecordedOperation> operation(long websiteId, String scope, String operationId) {
        return jdbc
                .query(
                        "SELECT request_hash, result FROM api_operation WHERE website_id = ? AND scope = ? AND operation_id = ?",
                        (rs, n) -> new RecordedOperation(rs.getString("request_hash"), rs.getString("result")),
                        websiteId,
                        scope,
                        operationId)
                .stream()
                .findFirst();
    }

    public void recordOperation(
            long websiteId, String scope, String operationId, String requestHash, String result, Instant at) {
        jdbc.update(
                "INSERT INTO api_operation (website_id, scope, operation_id, request_hash, result, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                websiteId,
                scope,
                operationId,
                requestHash,
                result,
                utc(at));
    }

    public void acknowledge(long returnId, Instant at) {
        jdbc.update("UPDATE order_return SET acknowledged = TRUE, updated_at = ? WHERE id = ?", utc(at), returnId);
    }

    public void setReturnMethod(long returnId, String method) {
        jdbc.update("UPDATE order_return SET return_method = ? WHERE id = ?", method, returnId);
    }

    /** One page by creation time (then id), after the position given, in either direction. */
    public List<StoredReturn> createdPage(
            long websiteId,
            Boolean acknowledged,
            Instant createdFrom,
            Instant createdBefore,
            List<ReturnStatus> statuses,
            boolean descending,
            Instant afterCreatedAt,
            long afterId,
            int limit) {
        List<Object> args = new ArrayList<>(List.of(websiteId));
        StringBuilder where = new StringBuilder("WHERE website_id = ?");
        if (acknowledged != null) {
            where.append(" AND acknowledged = ?");
            args.add(acknowledged);
        }
        if (createdFrom != null) {
            where.append(" AND created_at >= ?");
            args.add(utc(createdFrom));
        }
        if (createdBefore != null) {
            where.append(" AND created_at < ?");
            args.add(utc(createdBefore));
        }
        if (!statuses.isEmpty()) {
            where.append(" AND status IN (")
                    .append(Sql.markers(statuses.size()))
                    .append(")");
            statuses.forEach(st -> args.add(st.name()));
        }
        String after = descending ? "<" : ">";
        if (afterCreatedAt != null) {
            where.append(" AND (created_at ")
                    .append(after)
                    .append(" ? OR (created_at = ? AND id ")
                    .append(after)
                    .append(" ?))");
            args.add(utc(afterCreatedAt));
            args.add(utc(afterCreatedAt));
            args.add(afterId);
        }
        args.add(limit);
        String direction = descending ? " DESC" : "";
        return jdbc.query(
                "SELECT " + RETURN_COLUMNS + " FROM order_return " + where + " ORDER BY created_at" + direction + ", id"
                        + direction + " FETCH FIRST ? ROWS ONLY",
                ReturnStore::storedReturn,
                args.toArray());
    }

    /** State changes by event id (the outbox's keys), for delivery to the shop. */
    public Map<String, VersionedItem<ReturnStateChange>> stateChanges(long websiteId, Collection<String> eventIds) {
        Map<String, VersionedItem<ReturnStateChange>> found = new LinkedHashMap<>();
        if (eventIds.isEmpty()) {
            return found;
        }
        List<Object> args = new ArrayList<>(List.of(websiteId));
        eventIds.forEach(id -> args.add(Long.valueOf(id)));
        jdbc.query(
                "SELECT e.id, e.to_status, e.resolution, r.id AS return_id, r.web_return_number, r.erp_return_number FROM return_event e"
                        + " JOIN order_return r ON r.id = e.return_id WHERE r.website_id = ? AND e.id IN ("
                        + Sql.markers(eventIds.size()) + ")",
                rs -> {
                    String resolution = rs.getString("resolution");
                    ReturnState state = new ReturnState(
                            ReturnStatus.valueOf(rs.getString("to_status")),
                            resolution == null ? null : Resolution.valueOf(resolution));
                    String webNumber = rs.getString("web_return_number");
                    String returnNumber = ReturnNumbers.contractNumber(
                            rs.getLong("return_id"), webNumber, rs.getString("erp_return_number"));
                    String shopState = state.resolution() != null
                            ? state.resolution().name()
                            : state.status().name();
                    found.put(
                            String.valueOf(rs.getLong("id")),
                            new VersionedItem<>(
                                    new ReturnStateChange(rs.getLong("id"), returnNumber, webNumber, shopState), 1));
                },
                args.toArray());
        return found;
    }

    private static ReturnStatus status(String name) {
        return name == null ? null : ReturnStatus.valueOf(name);
    }
}
