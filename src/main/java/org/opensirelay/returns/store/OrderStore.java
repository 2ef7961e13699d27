package org.opensirelay.returns.store;

import static org.opensirelay.database.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opensirelay.database.GeneratedIds;
import org.opensirelay.returns.domain.OrderJson;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.opensirelay.text.SearchText;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Owns the shop_order table and its version history: an order's snapshot stored, read and locked (callers hold the transaction). */
@Component
public class OrderStore {

    /** A stored order: its id, version and snapshot. */
    public record StoredOrder(long id, int version, OrderSnapshot snapshot, String canonical) {}

    private final JdbcTemplate jdbc;

    OrderStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A row of {@code SELECT id, version, snapshot FROM shop_order}. */
    private static StoredOrder storedOrder(ResultSet rs, int rowNum) throws SQLException {
        String snapshot = rs.getString("snapshot");
        return new StoredOrder(rs.getLong("id"), rs.getInt("version"), OrderJson.read(snapshot), snapshot);
    }

    /** The order, locked until the transaction ends (returns of one order are judged one after the other). */
    public Optional<StoredOrder> lockOrder(long websiteId, String webOrderNumber) {
        return one("WHERE website_id = ? AND web_order_number = ? FOR UPDATE", websiteId, webOrderNumber);
    }

    public Optional<StoredOrder> order(long orderId) {
        return one("WHERE id = ?", orderId);
    }

    /** The website's order with this shop number, as last registered (not locked). */
    public Optional<StoredOrder> orderByNumber(long websiteId, String webOrderNumber) {
        return one("WHERE website_id = ? AND web_order_number = ?", websiteId, webOrderNumber);
    }

    private Optional<StoredOrder> one(String where, Object... args) {
        return jdbc
                .query("SELECT id, version, snapshot FROM shop_order " + where, OrderStore::storedOrder, args)
                .stream()
                .findFirst();
    }

    /** The customer's name as the search compares it (the surname columns are read from it). */
    private static String name(OrderSnapshot order) {
        return SearchText.normalise(order.customerName());
    }

    public long insertOrder(long websiteId, OrderSnapshot order, String canonical, Instant now) {
        long id = GeneratedIds.insert(
                jdbc,
                "INSERT INTO shop_order (website_id, web_order_number, order_number, version, snapshot,"
                        + " customer_name_search, customer_surname_search, customer_last_name_search,"
                        + " customer_email_search, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
                websiteId,
                order.webOrderNumber(),
                order.orderNumber(),
                canonical,
                name(order),
                SearchText.fromSecondWord(name(order)),
                SearchText.lastWord(name(order)),
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
                        + " customer_surname_search = ?, customer_last_name_search = ?, customer_email_search = ?,"
                        + " updated_at = ? WHERE id = ?",
                order.orderNumber(),
                version,
                canonical,
                name(order),
                SearchText.fromSecondWord(name(order)),
                SearchText.lastWord(name(order)),
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

    /** The orders of a page of returns, by id: one query. */
    public Map<Long, OrderSnapshot> ordersOf(List<StoredReturn> page) {
        Map<Long, OrderSnapshot> orders = new HashMap<>();
        IdChunks.query(
                jdbc,
                page.stream().map(StoredReturn::orderId).distinct().toList(),
                "SELECT id, snapshot FROM shop_order WHERE id IN (%s)",
                rs -> orders.put(rs.getLong("id"), OrderJson.read(rs.getString("snapshot"))));
        return orders;
    }
}
