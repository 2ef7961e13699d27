package org.opensirelay.database;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Drops the foreign keys from the tables every accepted item is written to (its item table and the
 * outbox) to {@code website}. Websites are never deleted, so the keys guarded against nothing, yet
 * each cost a lookup per written row and, on H2, an index of its own: two of the nine B-tree
 * entries a stored comment wrote. A Java migration because the constraints' names are the
 * database's own (H2's {@code CONSTRAINT_8B}, PostgreSQL's {@code outbox_website_id_fkey}).
 *
 * <p>It lived in {@code ingest} until the layout put every migration with the database. Flyway
 * records a Java migration's class name as its script but does not validate it, so databases
 * migrated by earlier releases still validate ({@code MigrationUpgradeTest}).
 */
@Component
class V6__Hot_tables_without_website_foreign_keys extends BaseJavaMigration {

    private static final List<String> HOT_TABLES = List.of("order_comment", "return_document", "outbox");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        DatabaseMetaData meta = connection.getMetaData();
        for (String table : HOT_TABLES) {
            String stored = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
            List<String> toWebsite = new ArrayList<>();
            try (ResultSet keys = meta.getImportedKeys(connection.getCatalog(), connection.getSchema(), stored)) {
                while (keys.next()) {
                    if ("website".equalsIgnoreCase(keys.getString("PKTABLE_NAME"))) {
                        toWebsite.add(keys.getString("FK_NAME"));
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (String constraint : toWebsite) {
                    statement.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + constraint + "\"");
                }
            }
        }
    }
}
