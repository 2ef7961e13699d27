package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.StubShop;

/**
 * The relay dies between the shop's applying a batch and its own record of the answer: the shop
 * has the items, the relay's outbox still says pending (leased). After a restart the lease runs
 * out, the items are sent again, the shop answers 2001 (it has them), and each is counted once.
 */
class DeliveryCrashTest {

    private static final String KEY = "eccbc87e4b5ce2fe28308fd9f2a7baf3";

    @Test
    void aDeliveryCutShortByACrashIsCompletedOnceAfterRestart(@TempDir Path dataDir) throws Exception {
        try (StubShop shop = StubShop.start()) {
            String[] settings = {
                "--relay.websites[0].code=CRASHY",
                "--relay.websites[0].key=" + KEY,
                "--relay.websites[0].shop.url=" + shop.url(),
                "--relay.websites[0].shop.key=crashy-shop-key-01",
                "--relay.websites[0].delivery.interval=PT1S",
                "--relay.delivery.connect-timeout=PT1S",
                "--relay.delivery.read-timeout=PT1S",
                "--relay.delivery.lease=PT3S"
            };
            AtomicReference<ChildRelay> running = new AtomicReference<>();
            // The shop applies the batch, then the relay is killed before the answer reaches it.
            shop.beforeAnswer(() -> {
                ChildRelay relay = running.getAndSet(null);
                if (relay != null) {
                    relay.kill();
                }
            });
            ChildRelay relay = ChildRelay.start(dataDir, settings);
            running.set(relay);
            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", KEY, "CRASHY")
                            .repeat(
                                    30,
                                    (i, item) ->
                                            Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1))))
                    .xml()
                    .nodesByXPath("//open:return[xsd:Code='1001']")
                    .hasSize(30);
            Eventually.within(
                    Duration.ofSeconds(10),
                    "the relay is killed in the middle of its delivery",
                    () -> !relay.isAlive());
            assertThat(shop.applied()).as("the shop applied the batch").hasSize(30);
            shop.beforeAnswer(() -> {});

            try (RelayProcess restarted = RelayProcess.start(dataDir, settings)) {
                Eventually.within(
                        Duration.ofSeconds(20),
                        "every row is settled after the lease runs out",
                        () -> restarted
                                        .jdbc()
                                        .queryForObject(
                                                "SELECT COUNT(*) FROM outbox WHERE status = 'DELIVERED'", Integer.class)
                                == 30);
                assertThat(restarted.jdbc().queryForList("SELECT DISTINCT last_code FROM outbox", Integer.class))
                        .as("the replay was answered 'already have it'")
                        .containsExactly(2001);
            }
            assertThat(shop.applied()).as("each item applied once").hasSize(30);
            assertThat(shop.receivedKeys()).hasSize(60);
            for (int id = 1; id <= 30; id++) {
                assertThat(shop.duplicatesAnswered("comment " + id)).isEqualTo(1);
            }
        }
    }
}
