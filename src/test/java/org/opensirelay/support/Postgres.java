package org.opensirelay.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The local PostgreSQL the PostgreSQL tests run on (127.0.0.1:5432, database {@code test}, trust
 * auth; override with RELAY_TEST_PG_URL / RELAY_TEST_PG_USER / RELAY_TEST_PG_PASSWORD). Each test
 * context gets a schema of its own.
 */
public final class Postgres {

    public static final String URL = env("RELAY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("RELAY_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("RELAY_TEST_PG_PASSWORD", "");

    private static Boolean reachable;

    private Postgres() {
    }

    public static synchronized boolean reachable() {
        if (reachable == null) {
            DriverManager.setLoginTimeout(3);
            try (Connection ignored = DriverManager.getConnection(URL, USER, PASSWORD)) {
                reachable = true;
            } catch (SQLException e) {
                reachable = false;
            }
        }
        return reachable;
    }

    /** A new, empty schema; returns the JDBC URL that works in it. */
    public static String newSchema() {
        String schema = "relay_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + " at " + URL, e);
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The arguments that put a relay on a schema. */
    public static String[] relayArgs(String url) {
        return new String[] {"--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + USER, "--spring.datasource.password=" + PASSWORD};
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
