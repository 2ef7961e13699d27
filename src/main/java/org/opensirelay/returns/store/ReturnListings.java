package org.opensirelay.returns.store;

import static org.opensirelay.database.SqlTimes.utc;
import static org.opensirelay.returns.store.ReturnStore.RETURN_COLUMNS;
import static org.opensirelay.returns.store.ReturnStore.R_RETURN_COLUMNS;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.opensirelay.opensi.GetSelection;
import org.opensirelay.returns.domain.ReasonsReport;
import org.opensirelay.returns.domain.ReturnReasons;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.opensirelay.text.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Owns reads over many returns of a website: pages by change or creation, the ERP's selection, search, an order's returns, the reasons report. */
@Component
public class ReturnListings {

    private final JdbcTemplate jdbc;

    ReturnListings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    /** An order's returns, oldest first. */
    public List<StoredReturn> returnsOfOrder(long orderId, int limit) {
        return jdbc.query(
                "SELECT " + RETURN_COLUMNS
                        + " FROM order_return WHERE order_id = ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                ReturnStore::storedReturn,
                orderId,
                limit);
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
}
