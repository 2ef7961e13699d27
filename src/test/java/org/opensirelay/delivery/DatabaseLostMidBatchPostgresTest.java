package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.RequiresPostgres;
import org.opensirelay.support.StubShop;
import org.opensirelay.support.TcpLink;

/**
 * The database goes away while a batch is at the shop (a failover, a network blip): the relay cannot
 * record the shop's answer. The rows it had claimed must go again as soon as the database is back, not
 * when their lease runs out (five minutes by default): the shop answers 2001 for what it already had.
 */
@RequiresPostgres
class DatabaseLostMidBatchPostgresTest {

    private static final String KEY = "7d1a9c3e5b2f4d6a8c0e1b3d5f7a9c2e";

    @Test
    void rowsClaimedWhenTheDatabaseWentAwayGoAgainOnceItIsBackNotAfterTheirLease(@TempDir Path dataDir)
            throws Exception {
        String schema = Postgres.newSchema();
        Matcher server = Pattern.compile("//([^/:]+):(\\d+)/").matcher(schema);
        assertThat(server.find()).as(schema).isTrue();
        try (TcpLink database = TcpLink.to(server.group(1), Integer.parseInt(server.group(2)));
                StubShop shop = StubShop.start()) {
            String throughLink = schema.substring(0, server.start()) + "//127.0.0.1:" + database.port() + "/"
                    + schema.substring(server.end());
            // The first batch the shop gets: the database goes away while the shop answers, and comes back a second
            // later.
            AtomicBoolean cutOnce = new AtomicBoolean();
            shop.beforeAnswer(() -> {
                if (cutOnce.compareAndSet(false, true)) {
                    database.cut();
                    new Thread(() -> {
                                pause(Duration.ofSeconds(1));
                                database.restore();
                            })
                            .start();
                }
            });
            List<String> args = new ArrayList<>(List.of(Postgres.relayArgs(throughLink)));
            args.addAll(List.of(
                    "--relay.websites[0].code=LOSTDB",
                    "--relay.websites[0].key=" + KEY,
                    "--relay.websites[0].shop.url=" + shop.url(),
                    "--relay.websites[0].shop.key=lost-db-shop-key-0123",
                    "--relay.websites[0].delivery.interval=PT1S",
                    "--relay.delivery.lease=PT5M",
                    "--spring.datasource.hikari.connection-timeout=1000"));
            try (RelayProcess relay = RelayProcess.start(dataDir, args.toArray(String[]::new))) {
                relay.soap()
                        .post(Envelope.fixture("setComments-seed.xml", KEY, "LOSTDB")
                                .repeat(
                                        20,
                                        (i, item) -> Envelope.field(item, "CommentId")
                                                .setTextContent(Integer.toString(i + 1))))
                        .xml()
                        .nodesByXPath("//open:return[xsd:Code='1001']")
                        .hasSize(20);
                Duration took = Eventually.within(
                        Duration.ofSeconds(30),
                        () -> "every row delivered once the database is back; outbox: " + statuses(schema),
                        () -> delivered(schema) == 20);
                System.out.println("database lost mid-batch: every row delivered " + took.toMillis()
                        + " ms after the request; the shop answered 2001 to " + shop.duplicatesAnswered()
                        + " it had already");
                assertThat(cutOnce)
                        .as("the database was cut while a batch was at the shop")
                        .isTrue();
                assertThat(shop.applied()).hasSize(20);
            }
        }
    }

    private static int delivered(String url) {
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT COUNT(*) FROM outbox WHERE status = 'DELIVERED'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static String statuses(String url) {
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT status, COUNT(*), MAX(lease_until) FROM outbox GROUP BY status")) {
            StringBuilder text = new StringBuilder();
            while (rs.next()) {
                text.append(rs.getString(1))
                        .append('=')
                        .append(rs.getInt(2))
                        .append(" (lease until ")
                        .append(rs.getString(3))
                        .append(") ");
            }
            return text.toString();
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
