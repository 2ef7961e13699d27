package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.StubShop;

/**
 * A service manager's stop (SIGTERM), several times over, while an ERP keeps posting and every
 * background thread has work (the website refresh, immediate delivery to a slow shop, scheduled
 * backups, the retention purge, the webhook sweep): docs/operations.md promises that a normal stop logs
 * nothing at WARN or above, and an operator alerting on WARN must not be woken by a restart
 * (issue 35: two of nine stops logged "websites: cannot read changes … CannotGetJdbcConnectionException").
 */
class CleanStopTest {

    private static final String KEY = "clean-stop-erp-key-00000001";
    private static final int STOPS = 3;

    @Test
    void stopsUnderLightLoadLogNothingAtWarnOrAbove(@TempDir Path dataDir) throws Exception {
        try (StubShop shop = StubShop.start()) {
            // The shop takes a moment: a delivery run is often under way when the stop comes.
            shop.beforeAnswer(() -> pause(200));
            String[] args = {
                "--relay.websites[0].code=CALM",
                "--relay.websites[0].key=" + KEY,
                "--relay.websites[0].shop.url=" + shop.url(),
                "--relay.websites[0].shop.key=clean-stop-shop-key-01",
                "--relay.websites[0].delivery.immediate=true",
                "--relay.websites[0].delivery.interval=PT1S",
                "--relay.websites[0].returns.generate-slip=false",
                // Every background thread busy: the stop comes while each may be at the database.
                "--relay.website-refresh-every=PT0.1S",
                "--relay.backup.every=PT0.5S",
                "--relay.backup.keep=2",
                "--relay.retention.every=PT0.3S",
                "--relay.webhooks.sweep-every=PT0.2S"
            };
            AtomicInteger ids = new AtomicInteger();
            List<String> logs = new ArrayList<>();
            for (int stop = 1; stop <= STOPS; stop++) {
                ChildRelay relay = ChildRelay.start(dataDir, args);
                try {
                    AtomicBoolean posting = new AtomicBoolean(true);
                    Thread erp = erp(relay, ids, posting);
                    int before = ids.get();
                    Eventually.within(
                            Duration.ofSeconds(30), "the ERP's requests are answered", () -> ids.get() >= before + 5);
                    // A little more time for backups, purges and refreshes to come round.
                    Thread.sleep(1_000);

                    int exit = relay.stop();
                    posting.set(false);
                    erp.join(10_000);

                    assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
                    logs.add(relay.log());
                } finally {
                    relay.close();
                }
            }
            for (int i = 0; i < logs.size(); i++) {
                assertThat(linesAtWarnOrAbove(logs.get(i)))
                        .as("lines at WARN or above in the log of run %d of %d", i + 1, STOPS)
                        .isEmpty();
                assertThat(logs.get(i)).as("the log of run %d", i + 1).doesNotContain("Exception");
            }
            assertThat(shop.itemsApplied()).as("items at the shop").isPositive();
        }
    }

    /** An ERP posting a comment after another until told to stop (or the relay is gone). */
    private static Thread erp(ChildRelay relay, AtomicInteger ids, AtomicBoolean posting) {
        Thread thread = new Thread(() -> {
            while (posting.get()) {
                int id = ids.get() + 1;
                try {
                    relay.soap()
                            .post(Envelope.fixture("setComments-seed.xml", KEY, "CALM")
                                    .set("CommentId", String.valueOf(id))
                                    .set("OrderNumber", "CALM-" + id));
                    ids.set(id);
                } catch (RuntimeException stopped) {
                    return;
                }
                pause(50);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static List<String> linesAtWarnOrAbove(String log) {
        return log.lines()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                .toList();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
