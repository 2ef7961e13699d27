package org.opensirelay.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
    private static final String PREFIX = "relay_test_";

    private static Boolean reachable;
    private static boolean leftoversDropped;

    private Postgres() {}

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

    /**
     * A new, empty schema; returns the JDBC URL that works in it. The first call of a test run drops
     * the schemas earlier runs left behind (a run cannot drop its own: its contexts live until the
     * JVM exits) once they are a day old: test runs of other checkouts may share this server and
     * still be using theirs. A schema's name says when it was made ({@code relay_test_<epoch second>_<random>}).
     */
    public static synchronized String newSchema() {
        long now = System.currentTimeMillis() / 1000;
        String schema = PREFIX + now + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            if (!leftoversDropped) {
                List<String> leftovers = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery(
                        "SELECT nspname FROM pg_namespace WHERE nspname LIKE '" + PREFIX + "%'")) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        if (madeBefore(name, now - LEFTOVER_AGE_SECONDS)) {
                            leftovers.add(name);
                        }
                    }
                }
                for (String leftover : leftovers) {
                    statement.execute("DROP SCHEMA " + leftover + " CASCADE");
                }
                leftoversDropped = true;
            }
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + " at " + URL, e);
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A day: no test run lasts that long, so a schema this old is nobody's. */
    private static final long LEFTOVER_AGE_SECONDS = 24 * 3600;

    /** Whether a test schema was made before {@code epochSecond} (names without a time are from older runs). */
    private static boolean madeBefore(String schema, long epochSecond) {
        String rest = schema.substring(PREFIX.length());
        int underscore = rest.indexOf('_');
        if (underscore <= 0) {
            return true;
        }
        try {
            return Long.parseLong(rest.substring(0, underscore)) < epochSecond;
        } catch (NumberFormatException olderName) {
            return true;
        }
    }

    /** The server's version, as it says it. */
    public static String serverVersion() {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "(version unknown: " + e.getMessage() + ")";
        }
    }

    /** The arguments that put a relay on a schema. */
    public static String[] relayArgs(String url) {
        return new String[] {
            "--spring.profiles.active=postgres",
            "--spring.datasource.url=" + url,
            "--spring.datasource.username=" + USER,
            "--spring.datasource.password=" + PASSWORD
        };
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
