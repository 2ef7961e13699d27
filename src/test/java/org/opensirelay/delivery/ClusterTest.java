package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.RequiresPostgres;
import org.opensirelay.support.StubShop;

/**
 * Two relay processes on one PostgreSQL database and one shop, with the production profile
 * (clustered Quartz): everything posted through either reaches the shop once; when one process
 * dies in the middle of a backlog, the other finishes it.
 */
@RequiresPostgres
class ClusterTest {

    private static final String KEY = "a87ff679a2f3e71d9181a67b7542122c";

    @Test
    void twoInstancesDeliverEverythingOnceAndOneFinishesWhatTheOtherLeft(@TempDir Path a, @TempDir Path b)
            throws Exception {
        String url = Postgres.newSchema();
        List<String> settings = new ArrayList<>(List.of(Postgres.relayArgs(url)));
        try (StubShop shop = StubShop.start()) {
            settings.addAll(List.of(
                    "--relay.websites[0].code=CLUSTER",
                    "--relay.websites[0].key=" + KEY,
                    "--relay.websites[0].shop.url=" + shop.url(),
                    "--relay.websites[0].shop.key=cluster-shop-key-01",
                    "--relay.websites[0].delivery.interval=PT1S",
                    "--relay.websites[0].delivery.immediate=true",
                    "--relay.delivery.connect-timeout=PT1S",
                    "--relay.delivery.read-timeout=PT2S",
                    "--relay.delivery.lease=PT5S",
                    "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=2000"));
            String[] args = settings.toArray(String[]::new);
            try (ChildRelay first = ChildRelay.start(a, args);
                    ChildRelay second = ChildRelay.start(b, args)) {
                // 10,000 items through both instances.
                for (int envelope = 0; envelope < 10; envelope++) {
                    (envelope % 2 == 0 ? first : second)
                            .soap()
                            .post(comments(envelope * 1000, 1000))
                            .xml()
                            .nodesByXPath("//open:return[xsd:Code='1001']")
                            .hasSize(1000);
                }
                Eventually.within(
                        Duration.ofSeconds(90),
                        "10,000 items at the shop",
                        () -> shop.applied().size() == 10_000);
                int sentTwice = shop.receivedKeys().size() - 10_000;
                System.out.println("cluster: 10,000 posted through two instances, delivered "
                        + shop.applied().size() + ", sent twice " + sentTwice);
                assertThat(sentTwice)
                        .as("no item delivered twice while both run")
                        .isZero();

                // A backlog the shop takes slowly; one instance dies in the middle of it.
                shop.beforeAnswer(() -> pause(Duration.ofMillis(40)));
                for (int envelope = 10; envelope < 15; envelope++) {
                    second.soap()
                            .post(comments(envelope * 1000, 1000))
                            .xml()
                            .nodesByXPath("//open:return")
                            .hasSize(1000);
                }
                Eventually.within(
                        Duration.ofSeconds(60),
                        "the backlog is being delivered",
                        () -> shop.applied().size() > 11_000);
                // Kill the instance that is delivering right now: the survivor must take its website over.
                ChildRelay delivering = lastBatchAt(first).isAfter(lastBatchAt(second)) ? first : second;
                ChildRelay survivor = delivering == first ? second : first;
                Instant killed = Instant.now();
                delivering.kill();
                int atKill = shop.applied().size();
                Eventually.within(
                        Duration.ofSeconds(120),
                        "the survivor finishes the backlog",
                        () -> shop.applied().size() == 15_000);
                Instant firstAfter = shop.requests().stream()
                        .map(StubShop.Request::at)
                        .filter(t -> t.isAfter(killed.plusMillis(100)))
                        .min(Instant::compareTo)
                        .orElseThrow();
                int duplicates = shop.receivedKeys().size() - 15_000;
                System.out.printf(
                        "cluster: killed the delivering instance at %d of 15,000 delivered; next shop request %d ms later;"
                                + " all 15,000 delivered, %d sent twice (each answered 2001)%n",
                        atKill, Duration.between(killed, firstAfter).toMillis(), duplicates);
                assertThat(shop.applied()).hasSize(15_000);
                assertThat(shop.duplicatesAnswered())
                        .as("every repeat was answered 'already have it'")
                        .isEqualTo(duplicates);
                assertThat(duplicates)
                        .as("at most the batches in flight when the instance died")
                        .isLessThanOrEqualTo(200);
                assertThat(survivor.isAlive()).isTrue();
                assertThat(survivor.log()).contains("delivery batch website=CLUSTER");
                // The shop has everything; the survivor settles its last batch right after.
                Eventually.within(
                        Duration.ofSeconds(20), "every outbox row is delivered", () -> deliveredRows(url) == 15_000);
            }
        }
    }

    private static int deliveredRows(String url) {
        try (Connection connection = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                ResultSet rs = connection
                        .createStatement()
                        .executeQuery("SELECT COUNT(*) FROM outbox WHERE status = 'DELIVERED'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When the instance last logged a delivery batch (its log lines start with an ISO instant). */
    private static Instant lastBatchAt(ChildRelay relay) {
        Instant last = Instant.EPOCH;
        for (String line : relay.log().split("\n")) {
            if (line.contains("delivery batch website=CLUSTER")) {
                last = Instant.parse(line.substring(0, line.indexOf(' ')));
            }
        }
        return last;
    }

    private static Envelope comments(int first, int count) {
        return Envelope.fixture("setComments-seed.xml", KEY, "CLUSTER").repeat(count, (i, item) -> {
            Envelope.field(item, "CommentId").setTextContent(String.valueOf(first + i + 1));
            Envelope.field(item, "WebOrderNumber").setTextContent(String.valueOf((first + i) / 3));
        });
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
