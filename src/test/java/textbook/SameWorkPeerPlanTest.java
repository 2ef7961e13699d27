package textbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.RequiresPostgres;

/**
 * The benchmark compares the relay with a same-work peer; that comparison is fair only if the peer
 * reads which CommentIds exist the way a competent one-day implementation would: through its own
 * primary key, one index lookup per key, never every comment of the website. Checked with each
 * database's own plan, on a table of 20,000 comments of one website.
 */
class SameWorkPeerPlanTest {

    private static final int STORED = 20_000;
    private static final int KEYS = 100;

    @Test
    void onH2ThePeerReadsExistingCommentsByItsPrimaryKeyOneLookupPerKey() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:same-work-peer-plan");
                Statement statement = connection.createStatement()) {
            fill(statement);
            try (PreparedStatement explain = connection.prepareStatement(
                    "EXPLAIN ANALYZE " + TextbookOpensiServer.CommentsEndpoint.existingCommentsSql(false, KEYS))) {
                for (int i = 0; i < KEYS; i++) {
                    explain.setString(2 * i + 1, "BENCH");
                    explain.setInt(2 * i + 2, 1_000 + 7 * i);
                }
                String plan = firstColumn(explain.executeQuery());
                assertThat(plan).as(plan).contains("PRIMARY_KEY").contains("IN(ROW (");
                // H2 writes how many rows it read: one per key (and one to end), not the website's 20,000.
                assertThat(scanCount(plan)).as(plan).isLessThanOrEqualTo(KEYS + 1);
            }
        }
    }

    @Nested
    @RequiresPostgres
    class OnPostgresql {

        @Test
        void thePeerReadsExistingCommentsByItsPrimaryKey() throws SQLException {
            try (Connection connection =
                            DriverManager.getConnection(Postgres.newSchema(), Postgres.USER, Postgres.PASSWORD);
                    Statement statement = connection.createStatement()) {
                fill(statement);
                statement.execute("ANALYZE order_comment");
                try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) "
                        + TextbookOpensiServer.CommentsEndpoint.existingCommentsSql(true, KEYS))) {
                    explain.setString(1, "BENCH");
                    Integer[] keys = new Integer[KEYS];
                    for (int i = 0; i < KEYS; i++) {
                        keys[i] = 1_000 + 7 * i;
                    }
                    explain.setArray(2, connection.createArrayOf("integer", keys));
                    List<String> lines = new ArrayList<>();
                    try (ResultSet rs = explain.executeQuery()) {
                        while (rs.next()) {
                            lines.add(rs.getString(1));
                        }
                    }
                    String plan = String.join("\n", lines);
                    assertThat(plan)
                            .as(plan)
                            .contains("Index Scan using order_comment_pkey")
                            .doesNotContain("Seq Scan");
                    assertThat(plan).as(plan).contains("rows=" + KEYS + " ");
                }
            }
        }
    }

    private static void fill(Statement statement) throws SQLException {
        statement.execute(TextbookOpensiServer.COMMENT_TABLE);
        statement.execute("INSERT INTO order_comment SELECT 'BENCH', x, 'CC1', '1', 'text', '2020-05-01', TRUE, TRUE"
                + " FROM "
                + (statement
                                .getConnection()
                                .getMetaData()
                                .getDatabaseProductName()
                                .equals("H2")
                        ? "SYSTEM_RANGE(1, " + STORED + ")"
                        : "generate_series(1, " + STORED + ") AS x"));
    }

    private static String firstColumn(ResultSet rs) throws SQLException {
        try (rs) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long scanCount(String plan) {
        int at = plan.indexOf("scanCount: ");
        assertThat(at).as("H2 reports scanCount in " + plan).isNotNegative();
        return Long.parseLong(plan.substring(at + 11).replaceAll("(?s)\\D.*", ""));
    }
}
