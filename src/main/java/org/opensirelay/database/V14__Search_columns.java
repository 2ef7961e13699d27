package org.opensirelay.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.opensirelay.text.SearchText;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the console's search box reads by index (issue 39):
 * <ul>
 * <li>an order's customer, by name or email, case and accents aside: both kept normalised
 * ({@link SearchText}) beside the order, filled here for the orders already stored, and read by
 * prefix as an index range. On PostgreSQL the two columns compare byte by byte (collation "C"): a
 * range there is exactly "starts with", as it is on H2, whatever the database's own collation;</li>
 * <li>a return by the ERP's number (the shop's has its unique key already);</li>
 * <li>the webhook events about an order or a return: each event names its subject ("order W1",
 * "return R000000042", "COMMENT 12"), as the outbox orders its events by. Events recorded before
 * this migration name none (they are purged with age).</li>
 * </ul>
 * A Java migration because the normalisation is Java's ({@link java.text.Normalizer}) and the
 * collation is PostgreSQL's word alone.
 */
@Component
class V14__Search_columns extends BaseJavaMigration {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 500;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        boolean postgres = connection
                .getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains("postgres");
        String searchColumn = "VARCHAR(" + SearchText.MAX + ")" + (postgres ? " COLLATE \"C\"" : "");
        try (Statement statement = connection.createStatement()) {
            for (String sql : List.of(
                    "ALTER TABLE shop_order ADD COLUMN customer_name_search " + searchColumn,
                    "ALTER TABLE shop_order ADD COLUMN customer_email_search " + searchColumn,
                    "ALTER TABLE webhook_event ADD COLUMN subject VARCHAR(64)")) {
                statement.execute(sql);
            }
        }
        fillCustomers(connection);
        try (Statement statement = connection.createStatement()) {
            for (String sql : List.of(
                    "CREATE INDEX shop_order_by_customer_name ON shop_order (website_id, customer_name_search)",
                    "CREATE INDEX shop_order_by_customer_email ON shop_order (website_id, customer_email_search)",
                    "CREATE INDEX order_return_by_erp_number ON order_return (website_id, erp_return_number)",
                    "CREATE INDEX webhook_event_by_subject ON webhook_event (website_id, subject)")) {
                statement.execute(sql);
            }
        }
    }

    /** The normalised name and email of every order stored before, from its snapshot. */
    private static void fillCustomers(Connection connection) throws SQLException {
        try (Statement read = connection.createStatement();
                ResultSet orders = read.executeQuery("SELECT id, snapshot FROM shop_order");
                PreparedStatement write = connection.prepareStatement(
                        "UPDATE shop_order SET customer_name_search = ?, customer_email_search = ? WHERE id = ?")) {
            int pending = 0;
            while (orders.next()) {
                JsonNode customer = JSON.readTree(orders.getString("snapshot")).path("customer");
                write.setString(1, SearchText.normalise(text(customer, "name")));
                write.setString(2, SearchText.normalise(text(customer, "email")));
                write.setLong(3, orders.getLong("id"));
                write.addBatch();
                if (++pending == BATCH) {
                    write.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                write.executeBatch();
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
