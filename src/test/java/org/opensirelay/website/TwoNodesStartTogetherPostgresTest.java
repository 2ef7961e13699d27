package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.RequiresPostgres;

/**
 * Two nodes of one deployment started at once on one PostgreSQL database, as an orchestrator starts
 * them, both writing the configured websites at the same moment. Both must start and answer for
 * every website (found by the rolling-restart rehearsal: a node stopped at start on a duplicate key
 * in {@code website_key}, the configured websites and their key claims being read and written by
 * both at once). The moment is made certain, not hoped for: the test holds the {@code website}
 * table readable but not writable until both nodes wait on a lock, then lets them go. (A start that
 * ends early, failed or not, ends the wait and is judged below.)
 */
@RequiresPostgres
class TwoNodesStartTogetherPostgresTest {

    static final int WEBSITES = 50;
    static final String SECRETS_KEY = "two-nodes-start-together-secrets-0123456789";

    @Test
    void twoNodesStartingTogetherBothStartAndAnswerForEveryConfiguredWebsite(@TempDir Path dataDir) throws Exception {
        String url = Postgres.newSchema();
        List<String> common = new ArrayList<>(List.of(Postgres.relayArgs(url)));
        common.add("--relay.secrets-key=" + SECRETS_KEY);
        // The schema made first, by a node of an earlier configuration.
        List<String> earlier = new ArrayList<>(common);
        earlier.add("--relay.websites[0].code=EARLIER");
        earlier.add("--relay.websites[0].key=" + key(9999));
        RelayProcess.start(dataDir.resolve("earlier"), earlier.toArray(String[]::new))
                .close();

        List<String> args = new ArrayList<>(common);
        for (int i = 0; i < WEBSITES; i++) {
            args.add("--relay.websites[" + i + "].code=SHOP" + i);
            args.add("--relay.websites[" + i + "].key=" + key(i));
        }
        String[] argv = args.toArray(String[]::new);
        List<CompletableFuture<RelayProcess>> starts = new ArrayList<>();
        try (Connection holder = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD)) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("LOCK TABLE website IN SHARE MODE");
            }
            // One node after the other up to the lock (two Spring Boot starts in one JVM at the same
            // instant race on the JVM's one logging system, which nodes in processes of their own never
            // share), then both let go at once.
            int node = 0;
            for (String name : List.of("node1", "node2")) {
                starts.add(CompletableFuture.supplyAsync(() -> RelayProcess.start(dataDir.resolve(name), argv)));
                int nodes = ++node;
                Eventually.within(
                        Duration.ofSeconds(120),
                        nodes + " node(s) waiting to write the websites",
                        () -> waiting(holder) >= nodes || starts.stream().anyMatch(CompletableFuture::isDone));
            }
            holder.commit();
        }
        List<RelayProcess> nodes = new ArrayList<>();
        try {
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<RelayProcess> start : starts) {
                try {
                    nodes.add(start.get(180, TimeUnit.SECONDS));
                } catch (Exception e) {
                    failures.add(rootMessage(e));
                }
            }
            assertThat(failures).as("starts that failed").isEmpty();
            for (RelayProcess node : nodes) {
                for (int i : new int[] {0, WEBSITES / 2, WEBSITES - 1}) {
                    node.soap()
                            .post(Envelope.fixture("setComments-seed.xml", key(i), "SHOP" + i))
                            .xml()
                            .valueByXPath("//xsd:Code")
                            .isIn("1001", "2001");
                }
            }
            assertThat(nodes.get(0).jdbc().queryForObject("SELECT COUNT(*) FROM website_key", Integer.class))
                    .as("one claim per configured key, none for the website no longer configured")
                    .isEqualTo(WEBSITES);
            assertThat(nodes.get(0)
                            .jdbc()
                            .queryForObject("SELECT COUNT(*) FROM website WHERE code LIKE 'SHOP%'", Integer.class))
                    .as("each configured website written once")
                    .isEqualTo(WEBSITES);
        } finally {
            nodes.forEach(RelayProcess::close);
        }
    }

    /** Sessions of this database waiting for a lock on the website table or an advisory lock. */
    private static int waiting(Connection connection) {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(DISTINCT pid) FROM pg_locks WHERE NOT granted"
                        + " AND (relation = 'website'::regclass OR locktype = 'advisory')")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static String key(int i) {
        return String.format("%032x", 0xabc0000L + i);
    }
}
