package org.opensirelay.database;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Which database the relay talks to, found out once at start: the one place that knows, for the
 * statements whose best form differs between H2 and PostgreSQL (as db-scheduler's
 * {@code JdbcCustomization} is chosen once per database).
 */
public enum DatabaseKind {
    H2,
    POSTGRESQL,
    OTHER;

    /** The kind of database behind {@code dataSource}. */
    public static DatabaseKind of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database the relay is on: " + e.getMessage(), e);
        }
    }

    static DatabaseKind of(String productName) {
        return switch (productName) {
            case "H2" -> H2;
            case "PostgreSQL" -> POSTGRESQL;
            default -> OTHER;
        };
    }
}
