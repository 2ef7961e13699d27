package org.opensirelay.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.text.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads stored items by their keys as the outbox names them, for delivery to the shop, and for the console. */
@Component
public class StoredItems {

    /** The outbox's {@code item_kind} of return slips. */
    public static final String RETURN_DOCUMENT = ItemTable.RETURN_DOCUMENTS.kind();
    /** The outbox's {@code item_kind} of comments. */
    public static final String COMMENT = ItemTable.COMMENTS.kind();

    private final JdbcTemplate jdbc;
    private final DatabaseDialect database;

    StoredItems(JdbcTemplate jdbc, DatabaseDialect database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    /** Current return slips by ReturnNumber. */
    public Map<String, VersionedItem<ReturnDocument>> returnDocuments(long websiteId, Collection<String> keys) {
        return byText(ItemTable.RETURN_DOCUMENTS.find(jdbc, database, websiteId, List.copyOf(keys), false));
    }

    /** Current comments by CommentId (as text, the outbox's item_key). */
    public Map<String, VersionedItem<OrderComment>> comments(long websiteId, Collection<String> keys) {
        List<Object> ids = keys.stream().<Object>map(Integer::valueOf).toList();
        return byText(ItemTable.COMMENTS.find(jdbc, database, websiteId, ids, false));
    }

    /**
     * A stored comment as the console tells an order's story: the comment, its version, and when the
     * ERP sent it first and last ({@code receivedAt}: the version the shop is due).
     */
    public record ReceivedComment(
            long websiteId, OrderComment comment, int version, Instant firstReceivedAt, Instant receivedAt) {}

    private static final String RECEIVED_COMMENT = "SELECT website_id, comment_id, order_number, web_order_number,"
            + " comment_text, comment_date, send_mail, visible_for_customer, version, created_at, updated_at"
            + " FROM order_comment";

    private static ReceivedComment receivedComment(ResultSet rs, int n) throws SQLException {
        return new ReceivedComment(
                rs.getLong("website_id"),
                ItemTable.COMMENTS.read(rs),
                rs.getInt("version"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /** The comments with this CommentId in these websites (one a website at most: its key). */
    public List<ReceivedComment> commentsById(List<Long> websiteIds, int commentId) {
        if (websiteIds.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(websiteIds);
        args.add(commentId);
        return jdbc.query(
                RECEIVED_COMMENT + " WHERE website_id IN (" + Sql.markers(websiteIds.size()) + ") AND comment_id = ?",
                StoredItems::receivedComment,
                args.toArray());
    }

    /** The comments about the shop's order {@code webOrderNumber} in these websites, by CommentDate then CommentId. */
    public List<ReceivedComment> commentsOfOrder(List<Long> websiteIds, String webOrderNumber, int limit) {
        if (websiteIds.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(websiteIds);
        args.add(webOrderNumber);
        args.add(limit);
        List<ReceivedComment> found = new ArrayList<>(jdbc.query(
                RECEIVED_COMMENT + " WHERE website_id IN (" + Sql.markers(websiteIds.size())
                        + ") AND web_order_number = ? FETCH FIRST ? ROWS ONLY",
                StoredItems::receivedComment,
                args.toArray()));
        found.sort(Comparator.comparing((ReceivedComment c) -> c.comment().commentDate())
                .thenComparingInt(c -> c.comment().commentId()));
        return found;
    }

    private static <T> Map<String, VersionedItem<T>> byText(Map<Object, VersionedItem<T>> found) {
        Map<String, VersionedItem<T>> byText = new LinkedHashMap<>();
        found.forEach((key, item) -> byText.put(String.valueOf(key), item));
        return byText;
    }
}
