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

/**
 * A customer found by surname (issue 39): V14 keeps the whole name, read by prefix, so "Mañé" did not
 * find Élodie Mañé. Two more columns, each read by prefix as an index range: the name from its second
 * word on ("de la fontaine") and its last word ("fontaine"); filled here from the name V14 keeps.
 * Collation "C" on PostgreSQL, as V14's columns, for the same reason.
 */
@Component
class V16__Surname_search extends BaseJavaMigration {

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
                    "ALTER TABLE shop_order ADD COLUMN customer_surname_search " + searchColumn,
                    "ALTER TABLE shop_order ADD COLUMN customer_last_name_search " + searchColumn)) {
                statement.execute(sql);
            }
        }
        try (Statement read = connection.createStatement();
                ResultSet orders = read.executeQuery(
                        "SELECT id, customer_name_search FROM shop_order WHERE customer_name_search LIKE '% %'"
                                + " OR customer_name_search LIKE '%-%'");
                PreparedStatement write = connection.prepareStatement(
                        "UPDATE shop_order SET customer_surname_search = ?, customer_last_name_search = ? WHERE id = ?")) {
            int pending = 0;
            while (orders.next()) {
                String name = orders.getString("customer_name_search");
                write.setString(1, SearchText.fromSecondWord(name));
                write.setString(2, SearchText.lastWord(name));
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
        try (Statement statement = connection.createStatement()) {
            for (String sql : List.of(
                    "CREATE INDEX shop_order_by_customer_surname ON shop_order (website_id, customer_surname_search)",
                    "CREATE INDEX shop_order_by_customer_last_name ON shop_order (website_id, customer_last_name_search)")) {
                statement.execute(sql);
            }
        }
    }
}
