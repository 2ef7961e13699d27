package org.opensirelay.returns.store;

import static org.opensirelay.returns.store.ReturnStore.RETURN_COLUMNS;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.opensirelay.returns.domain.FoundOrder;
import org.opensirelay.returns.domain.OrderJson;
import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.store.ReturnStore.StoredReturn;
import org.opensirelay.text.SearchText;
import org.opensirelay.text.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/** Owns the console's search: orders and returns of the visible websites by number, or by a customer's name or email prefix. */
@Component
public class OrderSearch {

    private final JdbcTemplate jdbc;

    OrderSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

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
                    OrderSearch::foundOrder,
                    withKey(websiteIds, number, limit)));
        }
        return found;
    }

    /** Which customer column a search reads: each has its index led by the website. */
    public enum CustomerColumn {
        NAME("customer_name_search"),
        /** The name from its second word on: "mane" finds Élodie Mañé, "de la" finds Jean de la Fontaine. */
        SURNAME("customer_surname_search"),
        /** The name's last word: "fontaine" finds Jean de la Fontaine, "martin" Anne Dupont-Martin. */
        LAST_NAME("customer_last_name_search"),
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
                OrderSearch::foundOrder,
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

    /** The website's orders with these shop numbers, by number (for a list of returns: each one's customer). */
    public Map<String, FoundOrder> ordersByWebNumbers(long websiteId, Collection<String> webOrderNumbers) {
        Map<String, FoundOrder> found = new HashMap<>();
        List<String> numbers = List.copyOf(new LinkedHashSet<>(webOrderNumbers));
        for (int from = 0; from < numbers.size(); from += IdChunks.IDS_PER_QUERY) {
            List<String> chunk = numbers.subList(from, Math.min(numbers.size(), from + IdChunks.IDS_PER_QUERY));
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
}
