package org.opensirelay.returns.store;

import static org.opensirelay.database.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.opensirelay.database.GeneratedIds;
import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.opensi.ReturnNumbers;
import org.opensirelay.returns.domain.Eligibility;
import org.opensirelay.returns.domain.Resolution;
import org.opensirelay.returns.domain.ReturnItems;
import org.opensirelay.returns.domain.ReturnRequest;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.text.Sql;
import org.opensirelay.text.Text;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Owns one return's rows: the return, its lines, timeline events, labels, item settlements and operations (callers hold the transaction).
 *
 * <p><b>Why one class of this size</b> (≈400 lines): one return's rows (the return, its lines,
 * events, labels, settlements, operations) are written together in one transaction by callers that
 * lock the return first; orders ({@link OrderStore}), read views ({@link ReturnViews}), lists
 * ({@link ReturnListings}) and the search ({@link OrderSearch}) are classes of their own.
 */
@Component
public class ReturnStore {

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
    static final String RETURN_COLUMNS = String.join(", ", RETURN_COLUMN_NAMES);
    /** The same columns, of {@code order_return r} joined to its order. */
    static final String R_RETURN_COLUMNS =
            String.join(", ", RETURN_COLUMN_NAMES.stream().map("r."::concat).toList());

    private final JdbcTemplate jdbc;

    ReturnStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

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

    static StoredReturn storedReturn(ResultSet rs, int n) throws SQLException {
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
    // ---- the orderreturns API: item settlements, idempotent operations, acknowledgement

    public List<ReturnItems.Settlement> settlements(long returnId) {
        return settlements(List.of(returnId)).getOrDefault(returnId, List.of());
    }

    /** The item settlements of these returns, each return's in the order they were made. */
    public Map<Long, List<ReturnItems.Settlement>> settlements(List<Long> returnIds) {
        Map<Long, List<ReturnItems.Settlement>> settlements = new HashMap<>();
        IdChunks.query(
                jdbc,
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
}
