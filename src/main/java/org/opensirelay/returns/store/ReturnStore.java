package org.opensirelay.returns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opensirelay.database.GeneratedIds;
import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.opensi.ReturnNumbers;
import org.opensirelay.text.Sql;
import org.opensirelay.text.Text;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The SQL of orders and returns. Callers hold the transaction. */
@Component
class ReturnStore {

    /** A stored order: its id, version and snapshot. */
    record StoredOrder(long id, int version, OrderSnapshot snapshot, String canonical) {
    }

    /** A stored return's row. */
    record StoredReturn(long id, long websiteId, long orderId, String webReturnNumber, String erpReturnNumber, String source,
                        String externalId, String requestHash, String reason, ReturnStatus status, Resolution resolution,
                        String slipUrl, boolean acknowledged, String returnMethod, Instant createdAt, Instant updatedAt) {

        ReturnState state() {
            return new ReturnState(status, resolution);
        }

        /** The contract's ReturnNumber of this return ({@link ReturnNumbers}). */
        String contractReturnNumber() {
            return ReturnNumbers.contractNumber(id, webReturnNumber, erpReturnNumber);
        }
    }

    private static final List<String> RETURN_COLUMN_NAMES = List.of("id", "website_id", "order_id", "web_return_number",
            "erp_return_number", "source", "external_id", "request_hash", "reason", "status", "resolution", "slip_url", "acknowledged",
            "return_method", "created_at", "updated_at");
    private static final String RETURN_COLUMNS = String.join(", ", RETURN_COLUMN_NAMES);
    /** The same columns, of {@code order_return r} joined to its order. */
    private static final String R_RETURN_COLUMNS = String.join(", ", RETURN_COLUMN_NAMES.stream().map("r."::concat).toList());

    private final JdbcTemplate jdbc;

    ReturnStore(JdbcTemplate jdbc, CreditNotes creditNotes) {
        this.jdbc = jdbc;
        this.creditNotes = creditNotes;
    }

    private final CreditNotes creditNotes;

    // ---- orders

    /** The order, locked until the transaction ends (returns of one order are judged one after the other). */
    Optional<StoredOrder> lockOrder(long websiteId, String webOrderNumber) {
        return jdbc.query("SELECT id, version, snapshot FROM shop_order WHERE website_id = ? AND web_order_number = ? FOR UPDATE",
                (rs, n) -> new StoredOrder(rs.getLong("id"), rs.getInt("version"), OrderJson.read(rs.getString("snapshot")),
                        rs.getString("snapshot")), websiteId, webOrderNumber).stream().findFirst();
    }

    Optional<StoredOrder> order(long orderId) {
        return jdbc.query("SELECT id, version, snapshot FROM shop_order WHERE id = ?",
                (rs, n) -> new StoredOrder(rs.getLong("id"), rs.getInt("version"), OrderJson.read(rs.getString("snapshot")),
                        rs.getString("snapshot")), orderId).stream().findFirst();
    }

    long insertOrder(long websiteId, OrderSnapshot order, String canonical, Instant now) {
        long id = GeneratedIds.insert(jdbc, "INSERT INTO shop_order (website_id, web_order_number, order_number, version, snapshot,"
                + " created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)", websiteId, order.webOrderNumber(), order.orderNumber(), canonical,
                utc(now), utc(now));
        jdbc.update("INSERT INTO shop_order_version (order_id, version, snapshot, created_at) VALUES (?, 1, ?, ?)", id, canonical, utc(now));
        return id;
    }

    void updateOrder(long orderId, int version, OrderSnapshot order, String canonical, Instant now) {
        jdbc.update("UPDATE shop_order SET order_number = ?, version = ?, snapshot = ?, updated_at = ? WHERE id = ?",
                order.orderNumber(), version, canonical, utc(now), orderId);
        jdbc.update("INSERT INTO shop_order_version (order_id, version, snapshot, created_at) VALUES (?, ?, ?, ?)",
                orderId, version, canonical, utc(now));
    }

    // ---- returns

    /** Per order line id, the quantity this order's returns that hold quantities claim. */
    Map<String, Integer> claimed(long orderId) {
        Map<String, Integer> claimed = new HashMap<>();
        jdbc.query("SELECT l.order_line_id, SUM(l.quantity) AS q FROM order_return_line l JOIN order_return r ON r.id = l.return_id"
                        + " WHERE r.order_id = ? AND r.status NOT IN ('REJECTED', 'CANCELLED') GROUP BY l.order_line_id",
                rs -> {
                    claimed.put(rs.getString("order_line_id"), rs.getInt("q"));
                }, orderId);
        return claimed;
    }

    Optional<StoredReturn> byExternalId(long websiteId, String source, String externalId) {
        return one("WHERE website_id = ? AND source = ? AND external_id = ?", websiteId, source, externalId);
    }

    Optional<StoredReturn> byIdempotencyKey(long websiteId, String key) {
        return one("WHERE website_id = ? AND idempotency_key = ?", websiteId, key);
    }

    Optional<StoredReturn> byNumber(long websiteId, String webReturnNumber, boolean lock) {
        return one("WHERE website_id = ? AND web_return_number = ?" + (lock ? " FOR UPDATE" : ""), websiteId, webReturnNumber);
    }

    Optional<StoredReturn> byId(long returnId) {
        return one("WHERE id = ?", returnId);
    }

    private Optional<StoredReturn> one(String where, Object... args) {
        return jdbc.query("SELECT " + RETURN_COLUMNS + " FROM order_return " + where, ReturnStore::storedReturn, args).stream().findFirst();
    }

    private static StoredReturn storedReturn(ResultSet rs, int n) throws SQLException {
        String resolution = rs.getString("resolution");
        return new StoredReturn(rs.getLong("id"), rs.getLong("website_id"), rs.getLong("order_id"), rs.getString("web_return_number"),
                rs.getString("erp_return_number"), rs.getString("source"), rs.getString("external_id"), rs.getString("request_hash"),
                rs.getString("reason"), ReturnStatus.valueOf(rs.getString("status")), resolution == null ? null : Resolution.valueOf(resolution),
                rs.getString("slip_url"), rs.getBoolean("acknowledged"), rs.getString("return_method"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /** Inserts a REQUESTED return and its lines; a null number gets one assigned (R + 9 digits). */
    StoredReturn insertReturn(long websiteId, long orderId, ReturnRequest request, String idempotencyKey, String requestHash,
                              List<Eligibility.MatchedLine> lines, List<String> reasonCategories, Instant now) {
        // Until the id is known, an assigned number is a unique placeholder.
        String given = request.webReturnNumber() != null ? request.webReturnNumber()
                : "~" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 19);
        long id = GeneratedIds.insert(jdbc, "INSERT INTO order_return (website_id, order_id, web_return_number, source, external_id,"
                + " idempotency_key, request_hash, reason, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'REQUESTED', ?, ?)",
                websiteId, orderId, given, request.source(), request.externalId(), idempotencyKey, requestHash, request.reason().strip(),
                utc(now), utc(now));
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
            rows.add(new Object[] {id, i + 1, line.orderLine().lineId(), line.orderLine().reference(), line.quantity(), line.reasonCode(),
                    reasonCategories.get(i)});
        }
        jdbc.batchUpdate("INSERT INTO order_return_line (return_id, line_no, order_line_id, reference, quantity, reason_code, reason_category)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
        return byNumber(websiteId, number, false).orElseThrow();
    }

    void updateState(long returnId, ReturnState state, Instant now) {
        jdbc.update("UPDATE order_return SET status = ?, resolution = ?, updated_at = ? WHERE id = ?", state.status().name(),
                state.resolution() == null ? null : state.resolution().name(), utc(now), returnId);
    }

    void attachSlip(long returnId, String url, String erpReturnNumber, Instant now) {
        jdbc.update("UPDATE order_return SET slip_url = ?, erp_return_number = COALESCE(?, erp_return_number), updated_at = ?"
                + " WHERE id = ?", url, erpReturnNumber, utc(now), returnId);
    }

    /** Units returned by reason (the taxonomy's code) and by product, of the returns requested since {@code since}. */
    ReturnService.ReasonsReport reasonsSince(long websiteId, Instant since) {
        Map<String, Long> byReason = new java.util.TreeMap<>();
        Map<String, Map<String, Long>> byProduct = new java.util.TreeMap<>();
        jdbc.query("SELECT l.reason_category, l.reason_code, r.reason, l.reference, l.quantity FROM order_return_line l"
                        + " JOIN order_return r ON r.id = l.return_id WHERE r.website_id = ? AND r.created_at >= ?",
                rs -> {
                    String category = rs.getString("reason_category") != null ? rs.getString("reason_category")
                            : ReturnReasons.category(rs.getString("reason_code"), rs.getString("reason"), Map.of());
                    long units = rs.getLong("quantity");
                    byReason.merge(category, units, Long::sum);
                    byProduct.computeIfAbsent(rs.getString("reference"), k -> new java.util.TreeMap<>()).merge(category, units, Long::sum);
                }, websiteId, utc(since));
        List<ReturnService.ReasonCount> reasons = byReason.entrySet().stream()
                .map(e -> new ReturnService.ReasonCount(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparingLong(ReturnService.ReasonCount::units).reversed().thenComparing(ReturnService.ReasonCount::reason))
                .toList();
        List<ReturnService.ProductCount> products = byProduct.entrySet().stream().map(e -> {
            long units = e.getValue().values().stream().mapToLong(Long::longValue).sum();
            String top = e.getValue().entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
            return new ReturnService.ProductCount(e.getKey(), units, top);
        }).sorted(java.util.Comparator.comparingLong(ReturnService.ProductCount::units).reversed().thenComparing(ReturnService.ProductCount::reference))
                .toList();
        return new ReturnService.ReasonsReport(reasons, products);
    }

    /** The return's label as last attached. */
    Optional<ReturnView.Label> label(long returnId) {
        return jdbc.query("SELECT label_url, carrier, tracking_number, created_at FROM return_label WHERE return_id = ?"
                        + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                (rs, n) -> new ReturnView.Label(rs.getString("label_url"), rs.getString("carrier"), rs.getString("tracking_number"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()), returnId).stream().findFirst();
    }

    /** A label attached (or changed): the newest row is the label; the return counts as changed. */
    void addLabel(long returnId, ReturnView.Label label, Side side, Instant now) {
        jdbc.update("INSERT INTO return_label (return_id, label_url, carrier, tracking_number, side, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                returnId, label.labelUrl(), label.carrier(), label.trackingNumber(), side.name(), utc(now));
        jdbc.update("UPDATE order_return SET updated_at = ? WHERE id = ?", utc(now), returnId);
    }

    void recordErpNumber(long returnId, String erpReturnNumber) {
        jdbc.update("UPDATE order_return SET erp_return_number = ? WHERE id = ?", erpReturnNumber, returnId);
    }

    /** Appends an event to the timeline; returns its id. */
    long addEvent(long returnId, Instant at, Side side, ReturnStatus from, ReturnState to, String raw, boolean divergence, String note) {
        return GeneratedIds.insert(jdbc, "INSERT INTO return_event (return_id, at, side, from_status, to_status, resolution, raw_value,"
                + " divergence, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", returnId, utc(at), side.name(), from == null ? null : from.name(),
                to == null ? null : to.status().name(), to == null || to.resolution() == null ? null : to.resolution().name(),
                Text.abbreviate(raw, 200), divergence, Text.abbreviate(note, 1000));
    }

    // ---- reading

    ReturnView view(StoredReturn stored) {
        return view(stored, order(stored.orderId()).orElseThrow().snapshot());
    }

    /** The view of a return whose order the caller has already read. */
    ReturnView view(StoredReturn stored, OrderSnapshot order) {
        List<ReturnView.Line> lines = jdbc.query("SELECT order_line_id, reference, quantity, reason_code, reason_category FROM order_return_line"
                        + " WHERE return_id = ? ORDER BY line_no",
                (rs, n) -> new ReturnView.Line(rs.getString("order_line_id"), rs.getString("reference"), rs.getInt("quantity"),
                        rs.getString("reason_code"), rs.getString("reason_category") != null ? rs.getString("reason_category")
                        // Lines stored before the taxonomy: the default mapping of their words.
                        : ReturnReasons.category(rs.getString("reason_code"), stored.reason(), Map.of())), stored.id());
        List<ReturnView.Event> timeline = jdbc.query("SELECT id, at, side, from_status, to_status, resolution, raw_value, divergence, note"
                        + " FROM return_event WHERE return_id = ? ORDER BY id",
                (rs, n) -> new ReturnView.Event(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                        Side.valueOf(rs.getString("side")), status(rs.getString("from_status")), status(rs.getString("to_status")),
                        rs.getString("resolution") == null ? null : Resolution.valueOf(rs.getString("resolution")),
                        rs.getString("raw_value"), rs.getBoolean("divergence"), rs.getString("note")), stored.id());
        return new ReturnView(stored.webReturnNumber(), order.webOrderNumber(), order.orderNumber(), stored.erpReturnNumber(),
                stored.source(), stored.externalId(), stored.reason(), stored.status(), stored.resolution(),
                ChannableStatus.of(stored.status(), stored.resolution()), stored.slipUrl(), stored.createdAt(), stored.updatedAt(),
                lines, timeline, label(stored.id()).orElse(null), creditNotes.ofReturn(stored.id()).stream()
                .map(c -> new ReturnView.CreditNoteView(c.number(), c.createdAt(), ReturnItems.money(c.total()), c.currency(),
                        c.lines().stream().map(l -> new ReturnView.CreditNoteView.Line(l.reference(), l.name(), l.quantity(),
                                ReturnItems.money(l.unitPrice()), ReturnItems.money(l.vatRate()))).toList())).toList());
    }

    /** One page of a website's returns, by last change then id, after the cursor position. */
    List<StoredReturn> page(long websiteId, ReturnStatus status, Instant modifiedSince, Instant modifiedBefore, Instant afterUpdatedAt,
                            long afterId, int limit) {
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
        return jdbc.query("SELECT " + RETURN_COLUMNS + " FROM order_return " + where + " ORDER BY updated_at, id FETCH FIRST ? ROWS ONLY",
                ReturnStore::storedReturn, args.toArray());
    }

    /** A website's returns, latest change first, by status and/or a number (return's or order's, ERP's or shop's). */
    List<StoredReturn> search(long websiteId, ReturnStatus status, String number, int limit) {
        List<Object> args = new ArrayList<>(List.of(websiteId));
        StringBuilder where = new StringBuilder("WHERE r.website_id = ?");
        if (status != null) {
            where.append(" AND r.status = ?");
            args.add(status.name());
        }
        if (number != null && !number.isBlank()) {
            where.append(" AND (r.web_return_number = ? OR r.erp_return_number = ? OR o.web_order_number = ? OR o.order_number = ?)");
            for (int i = 0; i < 4; i++) {
                args.add(number.strip());
            }
        }
        args.add(limit);
        return jdbc.query("SELECT " + R_RETURN_COLUMNS + " FROM order_return r JOIN shop_order o ON o.id = r.order_id " + where
                + " ORDER BY r.updated_at DESC, r.id DESC FETCH FIRST ? ROWS ONLY", ReturnStore::storedReturn, args.toArray());
    }

    /** Returns for the ERP: changed within the window (either end open), or of the orders named; by change then id. */
    List<StoredReturn> forErp(long websiteId, Instant from, Instant to, List<String> orderNumbers, int offset, int count) {
        List<Object> args = new ArrayList<>();
        String where = erpSelection("r.website_id", "r.updated_at", websiteId, from, to, orderNumbers, args);
        args.add(offset);
        args.add(count);
        return jdbc.query("SELECT " + R_RETURN_COLUMNS + " FROM order_return r JOIN shop_order o ON o.id = r.order_id " + where
                + " ORDER BY r.updated_at, r.id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", ReturnStore::storedReturn, args.toArray());
    }

    /**
     * The contract's common "get" selection, for a query joined to {@code shop_order o}: the website's
     * rows of the orders named (either number), or else those whose {@code column} is within
     * {@code from}..{@code to} (either end open when null). Appends its arguments to {@code args}.
     */
    static String erpSelection(String websiteColumn, String column, long websiteId, Instant from, Instant to, List<String> orderNumbers,
                               List<Object> args) {
        args.add(websiteId);
        StringBuilder where = new StringBuilder("WHERE " + websiteColumn + " = ?");
        if (!orderNumbers.isEmpty()) {
            String marks = Sql.markers(orderNumbers.size());
            where.append(" AND (o.order_number IN (").append(marks).append(") OR o.web_order_number IN (").append(marks).append("))");
            args.addAll(orderNumbers);
            args.addAll(orderNumbers);
            return where.toString();
        }
        if (from != null) {
            where.append(" AND ").append(column).append(" >= ?");
            args.add(utc(from));
        }
        if (to != null) {
            where.append(" AND ").append(column).append(" <= ?");
            args.add(utc(to));
        }
        return where.toString();
    }

    // ---- the orderreturns view: item settlements, idempotent operations, acknowledgement

    List<ReturnItems.Settlement> settlements(long returnId) {
        return jdbc.query("SELECT item_id, kind, price_amount, tax_amount, reason, reason_text FROM return_item_settlement"
                        + " WHERE return_id = ? ORDER BY id",
                (rs, n) -> new ReturnItems.Settlement(rs.getString("item_id"), "REFUND".equals(rs.getString("kind")),
                        rs.getBigDecimal("price_amount"), rs.getBigDecimal("tax_amount"), rs.getString("reason"), rs.getString("reason_text")),
                returnId);
    }

    void addSettlement(long returnId, ReturnItems.Settlement settlement, String currency, String paymentType, String reasonText,
                       String operationId, Instant at) {
        jdbc.update("INSERT INTO return_item_settlement (return_id, item_id, kind, price_amount, tax_amount, currency, payment_type,"
                        + " reason, reason_text, operation_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                returnId, settlement.itemId(), settlement.refund() ? "REFUND" : "REJECT", settlement.price(), settlement.tax(),
                settlement.refund() ? currency : null, paymentType, settlement.reason(), Text.abbreviate(reasonText, 1000), operationId, utc(at));
    }

    /** The request hash and result of an operation already executed in this scope. */
    Optional<String[]> operation(long websiteId, String scope, String operationId) {
        return jdbc.query("SELECT request_hash, result FROM api_operation WHERE website_id = ? AND scope = ? AND operation_id = ?",
                (rs, n) -> new String[] {rs.getString("request_hash"), rs.getString("result")}, websiteId, scope, operationId)
                .stream().findFirst();
    }

    void recordOperation(long websiteId, String scope, String operationId, String requestHash, String result, Instant at) {
        jdbc.update("INSERT INTO api_operation (website_id, scope, operation_id, request_hash, result, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                websiteId, scope, operationId, requestHash, result, utc(at));
    }

    void acknowledge(long returnId, Instant at) {
        jdbc.update("UPDATE order_return SET acknowledged = TRUE, updated_at = ? WHERE id = ?", utc(at), returnId);
    }

    void setReturnMethod(long returnId, String method) {
        jdbc.update("UPDATE order_return SET return_method = ? WHERE id = ?", method, returnId);
    }

    /** One page by creation time (then id), after the position given, in either direction. */
    List<StoredReturn> createdPage(long websiteId, Boolean acknowledged, Instant createdFrom, Instant createdBefore,
                                   List<ReturnStatus> statuses, boolean descending, Instant afterCreatedAt, long afterId, int limit) {
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
            where.append(" AND status IN (").append(Sql.markers(statuses.size())).append(")");
            statuses.forEach(st -> args.add(st.name()));
        }
        String after = descending ? "<" : ">";
        if (afterCreatedAt != null) {
            where.append(" AND (created_at ").append(after).append(" ? OR (created_at = ? AND id ").append(after).append(" ?))");
            args.add(utc(afterCreatedAt));
            args.add(utc(afterCreatedAt));
            args.add(afterId);
        }
        args.add(limit);
        String direction = descending ? " DESC" : "";
        return jdbc.query("SELECT " + RETURN_COLUMNS + " FROM order_return " + where + " ORDER BY created_at" + direction + ", id" + direction
                + " FETCH FIRST ? ROWS ONLY", ReturnStore::storedReturn, args.toArray());
    }

    /** State changes by event id (the outbox's keys), for delivery to the shop. */

    Map<String, VersionedItem<ReturnStateChange>> stateChanges(long websiteId, Collection<String> eventIds) {
        Map<String, VersionedItem<ReturnStateChange>> found = new LinkedHashMap<>();
        if (eventIds.isEmpty()) {
            return found;
        }
        List<Object> args = new ArrayList<>(List.of(websiteId));
        eventIds.forEach(id -> args.add(Long.valueOf(id)));
        jdbc.query("SELECT e.id, e.to_status, e.resolution, r.id AS return_id, r.web_return_number, r.erp_return_number FROM return_event e"
                        + " JOIN order_return r ON r.id = e.return_id WHERE r.website_id = ? AND e.id IN ("
                        + Sql.markers(eventIds.size()) + ")",
                rs -> {
                    String resolution = rs.getString("resolution");
                    ReturnState state = new ReturnState(ReturnStatus.valueOf(rs.getString("to_status")),
                            resolution == null ? null : Resolution.valueOf(resolution));
                    String webNumber = rs.getString("web_return_number");
                    String returnNumber = ReturnNumbers.contractNumber(rs.getLong("return_id"), webNumber, rs.getString("erp_return_number"));
                    String shopState = state.resolution() != null ? state.resolution().name() : state.status().name();
                    found.put(String.valueOf(rs.getLong("id")),
                            new VersionedItem<>(new ReturnStateChange(rs.getLong("id"), returnNumber, webNumber, shopState), 1));
                }, args.toArray());
        return found;
    }

    private static ReturnStatus status(String name) {
        return name == null ? null : ReturnStatus.valueOf(name);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
