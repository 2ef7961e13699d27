package org.opensirelay.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The V6 Java migration moved from {@code ingest} to {@code database}. Flyway records a Java
 * migration's class name as its script: a database file migrated by an earlier release names the
 * old class, and must still validate and start with this one (Spring Boot validates on migrate).
 */
class MigrationUpgradeTest {

    /** Flyway names its table and columns in lower case, quoted: H2 reads them only quoted. */
    private static final String HISTORY_OF_V6 = "SELECT %s FROM \"flyway_schema_history\" WHERE \"version\" = '6'";

    private static final String OLD_SCRIPT = "org.opensirelay.ingest.V6__Hot_tables_without_website_foreign_keys";

    private static Flyway flyway(DriverManagerDataSource dataSource) {
        // As Spring Boot configures it: the SQL migrations and the Java migration beans.
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new V6__Hot_tables_without_website_foreign_keys())
                .load();
    }

    @Test
    void aDatabaseWhoseHistoryNamesTheOldClassValidatesAndMigratesNothing(@TempDir Path dataDir) {
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource("jdbc:h2:file:" + dataDir.resolve("opensi-relay"), "sa", "");
        flyway(dataSource).migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String recorded = jdbc.queryForObject(HISTORY_OF_V6.formatted("\"script\""), String.class);
        assertThat(recorded).isEqualTo(V6__Hot_tables_without_website_foreign_keys.class.getName());

        // What a release before the move left in the file.
        jdbc.update("UPDATE \"flyway_schema_history\" SET \"script\" = ? WHERE \"version\" = '6'", OLD_SCRIPT);

        ValidateResult validated = flyway(dataSource).validateWithResult();
        assertThat(validated.validationSuccessful)
                .as("validation errors: %s", validated.invalidMigrations)
                .isTrue();
        assertThat(flyway(dataSource).migrate().migrationsExecuted).isZero();
        assertThat(jdbc.queryForObject(HISTORY_OF_V6.formatted("COUNT(*)") + " AND \"success\"", Integer.class))
                .isEqualTo(1);
    }
    /**
     * V14 fills the customer search columns of the orders stored before it, from their snapshots, as
     * the relay writes them for new orders: lower case, accents stripped.
     */
    @Test
    void ordersStoredBeforeTheSearchColumnsAreFoundByTheirCustomer(@TempDir Path dataDir) {
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource("jdbc:h2:file:" + dataDir.resolve("opensi-relay"), "sa", "");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new V6__Hot_tables_without_website_foreign_keys())
                .target("13")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO website (id, code, key_sha256, active, created_at, updated_at)"
                + " VALUES (1, 'SHOP1', 'k', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        jdbc.update(
                "INSERT INTO shop_order (website_id, web_order_number, version, snapshot, created_at, updated_at)"
                        + " VALUES (1, 'WEB-1', 1, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                "{\"webOrderNumber\":\"WEB-1\",\"orderNumber\":null,\"customer\":{\"name\":\"  Élodie   MAÑÉ \","
                        + "\"email\":\"Élodie.Mañé@Exemple.FR\"},\"paid\":true,\"shipped\":true,\"deliveredAt\":null,"
                        + "\"currency\":\"EUR\",\"lines\":[]}");

        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(
                        new V6__Hot_tables_without_website_foreign_keys(),
                        new V14__Search_columns(),
                        new V16__Surname_search())
                .load()
                .migrate();

        assertThat(jdbc.queryForMap("SELECT customer_name_search, customer_surname_search, customer_last_name_search,"
                        + " customer_email_search FROM shop_order"))
                .containsEntry("CUSTOMER_NAME_SEARCH", "elodie mane")
                .containsEntry("CUSTOMER_SURNAME_SEARCH", "mane")
                .containsEntry("CUSTOMER_LAST_NAME_SEARCH", "mane")
                .containsEntry("CUSTOMER_EMAIL_SEARCH", "elodie.mane@exemple.fr");
    }
}
