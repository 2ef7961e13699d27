package org.opensirelay.ingest;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads stored items by their keys as the outbox names them, for delivery to the shop. */
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

    private static <T> Map<String, VersionedItem<T>> byText(Map<Object, VersionedItem<T>> found) {
        Map<String, VersionedItem<T>> byText = new LinkedHashMap<>();
        found.forEach((key, item) -> byText.put(String.valueOf(key), item));
        return byText;
    }
}
