package org.opensirelay.ingest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.text.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * How one kind of item is kept: its table, natural-key column and value columns. The SQL is derived
 * from these so that both kinds share one tested code path for select, insert and optimistic update.
 *
 * @param <T> the item record
 */
final class ItemTable<T> {

    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Keys per SELECT ... IN (...): well below every driver's parameter limit. */
    private static final int KEYS_PER_QUERY = 512;

    static final ItemTable<ReturnDocument> RETURN_DOCUMENTS = new ItemTable<>(
            "RETURN_DOCUMENT",
            "return_document",
            "return_number",
            List.of("web_return_number", "url"),
            ReturnDocument::returnNumber,
            d -> new Object[] {d.webReturnNumber(), d.url()},
            rs -> new ReturnDocument(
                    rs.getString("return_number"), rs.getString("web_return_number"), rs.getString("url")),
            d -> null);

    static final ItemTable<OrderComment> COMMENTS = new ItemTable<>(
            "COMMENT",
            "order_comment",
            "comment_id",
            List.of(
                    "order_number",
                    "web_order_number",
                    "comment_text",
                    "comment_date",
                    "send_mail",
                    "visible_for_customer"),
            OrderComment::commentId,
            c -> new Object[] {
                c.orderNumber(), c.webOrderNumber(), c.comment(), c.commentDate(), c.sendMail(), c.visibleForCustomer()
            },
            rs -> new OrderComment(
                    rs.getInt("comment_id"),
                    rs.getString("order_number"),
                    rs.getString("web_order_number"),
                    rs.getString("comment_text"),
                    rs.getString("comment_date"),
                    rs.getBoolean("send_mail"),
                    rs.getBoolean("visible_for_customer")),
            c -> new Ordering(CommentOrder.orderKey(c), CommentOrder.sortKey(c)));

    /** Where an item stands among the items that must reach the shop in order (the comments of one order). */
    record Ordering(String orderKey, String sortKey) {}

    private final String kind;
    private final String table;
    private final String keyColumn;
    private final List<String> valueColumns;
    private final Function<T, Object> key;
    private final Function<T, Object[]> values;
    private final RowReader<T> reader;

    /** One item of a row that has the table's columns. */
    T read(ResultSet rs) throws SQLException {
        return reader.read(rs);
    }

    private final Function<T, Ordering> ordering;
    private final String insertSql;
    private final String updateSql;

    private ItemTable(
            String kind,
            String table,
            String keyColumn,
            List<String> valueColumns,
            Function<T, Object> key,
            Function<T, Object[]> values,
            RowReader<T> reader,
            Function<T, Ordering> ordering) {
        this.kind = kind;
        this.table = table;
        this.keyColumn = keyColumn;
        this.valueColumns = valueColumns;
        this.key = key;
        this.values = values;
        this.reader = reader;
        this.ordering = ordering;
        this.insertSql = "INSERT INTO " + table + " (website_id, " + keyColumn + ", " + String.join(", ", valueColumns)
                + ", version, created_at, updated_at) VALUES (" + Sql.markers(valueColumns.size() + 5) + ")";
        this.updateSql = "UPDATE " + table + " SET " + String.join(" = ?, ", valueColumns)
                + " = ?, version = ?, updated_at = ? WHERE website_id = ? AND " + keyColumn + " = ? AND version = ?";
    }

    /** The outbox's name for this kind of item. */
    String kind() {
        return kind;
    }

    /** The delivery ordering of the item, or null when it has none. */
    Ordering orderingOf(T item) {
        return ordering.apply(item);
    }

    /** The natural key as bound to SQL (a String or an Integer). */
    Object keyOf(T item) {
        return key.apply(item);
    }

    /**
     * The stored items among {@code keys}; with {@code forUpdate}, locked until the transaction
     * ends: a concurrent request for the same items waits here and then reads what this one wrote.
     * Keys are locked in sorted order so that two requests never wait for each other in a cycle.
     * The statement has the form each database plans as a lookup per key ({@link #lookupSql}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<Object, VersionedItem<T>> find(
            JdbcTemplate jdbc, DatabaseDialect database, long websiteId, Collection<Object> keys, boolean forUpdate) {
        if (keys.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<Object, VersionedItem<T>> found = new HashMap<>();
        RowCallbackHandler collect = rs -> {
            T item = reader.read(rs);
            found.put(key.apply(item), new VersionedItem<>(item, rs.getInt("version")));
        };
        List<Object> all = new ArrayList<>(keys);
        all.sort((a, b) -> ((Comparable) a).compareTo(b));
        for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
            List<Object> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
            if (database.bindsArrays()) {
                String sql = lookupSql(database, 1, forUpdate);
                String arrayType = chunk.get(0) instanceof Integer ? "integer" : "varchar";
                jdbc.query(
                        connection -> {
                            PreparedStatement statement = connection.prepareStatement(sql);
                            statement.setLong(1, websiteId);
                            statement.setArray(2, connection.createArrayOf(arrayType, chunk.toArray()));
                            return statement;
                        },
                        collect);
            } else {
                List<Object> padded = Sql.paddedToPowerOfTwo(chunk);
                Object[] args = new Object[padded.size() * 2];
                for (int i = 0; i < padded.size(); i++) {
                    args[2 * i] = websiteId;
                    args[2 * i + 1] = padded.get(i);
                }
                jdbc.query(lookupSql(database, padded.size(), forUpdate), collect, args);
            }
        }
        return found;
    }

    /**
     * The key lookup for {@code slots} keys. PostgreSQL: {@code website_id = ? AND key = ANY(?)} with
     * one array parameter, an index lookup per key; the row-value IN written for H2 made it scan
     * every stored item of the website (86 ms per request with 78,000 stored). H2: the row-value
     * {@code (website_id, key) IN ((?, ?), ...)} on the whole primary key, since H2 uses only the
     * website_id prefix of the key for {@code website_id = ? AND key IN (...)}.
     */
    String lookupSql(DatabaseDialect database, int slots, boolean forUpdate) {
        String select =
                "SELECT " + keyColumn + ", " + String.join(", ", valueColumns) + ", version FROM " + table + " WHERE ";
        String where = database.bindsArrays()
                ? "website_id = ? AND " + keyColumn + " = ANY(?)"
                : "(website_id, " + keyColumn + ") IN (" + "(?, ?), ".repeat(slots - 1) + "(?, ?))";
        return select + where + " ORDER BY " + keyColumn + (forUpdate ? " FOR UPDATE" : "");
    }

    void insert(JdbcTemplate jdbc, long websiteId, Collection<VersionedItem<T>> rows, OffsetDateTime now) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> batch = new ArrayList<>(rows.size());
        for (VersionedItem<T> row : rows) {
            Object[] vals = values.apply(row.item());
            Object[] args = new Object[vals.length + 5];
            args[0] = websiteId;
            args[1] = key.apply(row.item());
            System.arraycopy(vals, 0, args, 2, vals.length);
            args[vals.length + 2] = row.version();
            args[vals.length + 3] = now;
            args[vals.length + 4] = now;
            batch.add(args);
        }
        jdbc.batchUpdate(insertSql, batch);
    }

    /**
     * Writes new contents where the stored version is still the one read.
     *
     * @throws ConcurrentChangeException when another transaction changed a row in between
     */
    void update(
            JdbcTemplate jdbc,
            long websiteId,
            List<VersionedItem<T>> rows,
            Map<Object, VersionedItem<T>> readBefore,
            OffsetDateTime now) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> batch = new ArrayList<>(rows.size());
        for (VersionedItem<T> row : rows) {
            Object[] vals = values.apply(row.item());
            Object[] args = new Object[vals.length + 5];
            System.arraycopy(vals, 0, args, 0, vals.length);
            Object itemKey = key.apply(row.item());
            args[vals.length] = row.version();
            args[vals.length + 1] = now;
            args[vals.length + 2] = websiteId;
            args[vals.length + 3] = itemKey;
            args[vals.length + 4] = readBefore.get(itemKey).version();
            batch.add(args);
        }
        for (int count : jdbc.batchUpdate(updateSql, batch)) {
            if (count == 0) {
                throw new ConcurrentChangeException();
            }
        }
    }

    /** Another request changed the same item between our read and our write: the caller retries. */
    static final class ConcurrentChangeException extends RuntimeException {
        ConcurrentChangeException() {
            super("item changed concurrently", null, false, false);
        }
    }
}
