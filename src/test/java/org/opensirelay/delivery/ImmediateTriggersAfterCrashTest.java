package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.StubShop;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Immediate mode under a stream of accepted requests, the relay killed (SIGKILL) while the shop is
 * slow: the nudges leave no trigger of their own in Quartz's job store, the one-shot triggers an
 * earlier release left are removed at the next start, and that start delivers on the website's
 * interval (issue 36, item 5: 2,034–2,383 one-shot triggers left by a kill, the recurring trigger
 * stuck in the past, delivery about once a minute until a clean restart).
 */
class ImmediateTriggersAfterCrashTest {

    private static final String KEY = "immediate-crash-erp-key-0001";
    private static final String CODE = "NOW1";
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final NudgedWebsite WEBSITE = new NudgedWebsite(CODE, KEY, INTERVAL);
    /** One-shot triggers as an earlier release left them (it made one per accepted request). */
    private static final int EARLIER_DEBRIS = 300;

    private static final Pattern RUN =
            Pattern.compile("^(\\S+)\\s+DEBUG .*delivery run website=" + CODE + " trigger=(\\S+)$", Pattern.MULTILINE);

    @Test
    void afterAKillUnderImmediateLoadTheNextStartDeliversOnItsIntervalWithoutTriggerDebris(@TempDir Path dataDir)
            throws Exception {
        try (StubShop shop = StubShop.start()) {
            String[] args = {
                "--relay.websites[0].code=" + CODE,
                "--relay.websites[0].key=" + KEY,
                "--relay.websites[0].shop.url=" + shop.url(),
                "--relay.websites[0].shop.key=immediate-crash-shop-key",
                "--relay.websites[0].delivery.immediate=true",
                "--relay.websites[0].delivery.interval=" + INTERVAL,
                "--relay.websites[0].returns.generate-slip=false",
                "--relay.delivery.batch-size=5",
                "--relay.delivery.connect-timeout=PT1S",
                "--relay.delivery.read-timeout=PT2S",
                "--relay.delivery.lease=PT4S",
                "--logging.level.org.opensirelay.delivery.DeliveryJob=DEBUG"
            };
            // A slow shop: runs take longer than requests come, so nudges come while a run is under way.
            shop.beforeAnswer(() -> pause(150));
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger ids = new AtomicInteger();
            ChildRelay first = ChildRelay.start(dataDir, args);
            try {
                Erp erp = Erp.posting(first, ids, acknowledged, 4);
                Eventually.within(Duration.ofSeconds(60), "30 requests acknowledged", () -> acknowledged.size() >= 30);
                first.kill();
                erp.stop();
            } finally {
                first.close();
            }
            System.out.println(
                    "acknowledged before the kill: " + acknowledged.size() + ", at the shop: " + shop.itemsApplied());
            assertThat(nudgeTriggers(dataDir))
                    .as("triggers besides the recurring one left by %d acknowledged requests", acknowledged.size())
                    .isZero();

            // What an earlier release left behind a kill: a one-shot trigger per accepted request.
            leaveEarlierReleaseDebris(dataDir);

            shop.beforeAnswer(() -> {});
            ChildRelay second = ChildRelay.start(dataDir, args);
            try {
                Eventually.within(
                        Duration.ofSeconds(30),
                        () -> "every acknowledged item at the shop: " + shop.itemsApplied() + " of "
                                + acknowledged.size(),
                        () -> acknowledged.stream()
                                .allMatch(id -> shop.applied().containsKey("comment " + id)));
                assertThat(second.log())
                        .contains(EARLIER_DEBRIS + " one-shot triggers left by an earlier release removed");

                // Nothing more comes: the recurring trigger fires on the interval (runs it missed while the
                // relay was down may come first, at once), never a pause of much more than an interval.
                Instant from = Instant.now();
                Duration window = INTERVAL.multipliedBy(5);
                Thread.sleep(window.plusSeconds(1).toMillis());
                List<Instant> runs = recurringRuns(second.log(), from, from.plus(window));
                List<Duration> gaps = gaps(from, runs, from.plus(window));
                System.out.println("recurring runs in " + window + " after the backlog: " + runs.size()
                        + ", the gaps before, between and after them: " + gaps);
                assertThat(runs.size()).as("recurring runs in %s", window).isGreaterThanOrEqualTo(4);
                assertThat(gaps)
                        .as("pauses between recurring runs (interval %s)", INTERVAL)
                        .allSatisfy(gap -> assertThat(gap).isLessThan(INTERVAL.multipliedBy(2)));

                // And a request now is at the shop within an interval.
                int id = ids.incrementAndGet();
                Instant sent = Instant.now();
                WEBSITE.post(second, id);
                Eventually.within(
                        INTERVAL.multipliedBy(2),
                        "a comment accepted after the restart is at the shop",
                        () -> shop.applied().containsKey("comment " + id));
                System.out.println(
                        "a comment after the restart at the shop in " + Duration.between(sent, Instant.now()));
            } finally {
                second.kill();
            }
            // At most the one Quartz makes to recover a run a kill cut short (made at the next start).
            assertThat(nudgeTriggers(dataDir))
                    .as("triggers besides the recurring one")
                    .isLessThanOrEqualTo(1);
        }
    }

    /** The ERP: a few clients posting one comment after another, each of its own order. */
    private record Erp(AtomicBoolean running, List<Thread> clients) {

        static Erp posting(ChildRelay relay, AtomicInteger ids, Set<Integer> acknowledged, int clients) {
            Erp erp = new Erp(new AtomicBoolean(true), new ArrayList<>());
            for (int c = 0; c < clients; c++) {
                Thread client = new Thread(() -> {
                    while (erp.running.get()) {
                        int id = ids.incrementAndGet();
                        try {
                            WEBSITE.post(relay, id);
                            acknowledged.add(id);
                        } catch (RuntimeException | AssertionError killed) {
                            return;
                        }
                    }
                });
                client.setDaemon(true);
                client.start();
                erp.clients.add(client);
            }
            return erp;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(10_000);
            }
        }
    }

    private static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("opensi-relay");
    }

    /** The website's triggers in the job store the killed relay left, besides its recurring one. */
    private static int nudgeTriggers(Path dataDir) throws Exception {
        try (Connection db = DriverManager.getConnection(h2Url(dataDir), "sa", "")) {
            return WEBSITE.triggersBesidesRecurring(db);
        }
    }

    /**
     * Stores one-shot triggers of the website's job as a release before this one did after each
     * accepted request: Quartz's {@code triggerJob}, on the relay's job store (not started: nothing fires).
     */
    private static void leaveEarlierReleaseDebris(Path dataDir) throws Exception {
        Properties quartz = new Properties();
        quartz.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "opensi-relay");
        quartz.setProperty("org.quartz.threadPool.threadCount", "1");
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.setProperty(
                "org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        quartz.setProperty("org.quartz.jobStore.dataSource", "relay");
        quartz.setProperty("org.quartz.dataSource.relay.provider", "hikaricp");
        quartz.setProperty("org.quartz.dataSource.relay.driver", "org.h2.Driver");
        quartz.setProperty("org.quartz.dataSource.relay.URL", h2Url(dataDir));
        quartz.setProperty("org.quartz.dataSource.relay.user", "sa");
        quartz.setProperty("org.quartz.dataSource.relay.password", "");
        Scheduler earlier = new StdSchedulerFactory(quartz).getScheduler();
        try {
            for (int i = 0; i < EARLIER_DEBRIS; i++) {
                earlier.triggerJob(new JobKey(CODE, "delivery"));
            }
        } finally {
            earlier.shutdown();
        }
    }

    /** When the website's recurring trigger started a run between {@code from} and {@code to}, as the relay's DEBUG log says. */
    private static List<Instant> recurringRuns(String log, Instant from, Instant to) {
        List<Instant> runs = new ArrayList<>();
        Matcher run = RUN.matcher(log);
        while (run.find()) {
            Instant at = Instant.parse(run.group(1));
            if (run.group(2).equals("delivery." + CODE + "@" + INTERVAL.toMillis())
                    && !at.isBefore(from)
                    && at.isBefore(to)) {
                runs.add(at);
            }
        }
        return runs;
    }

    /** The pauses from {@code from} to the first run, between runs, and from the last run to {@code to}. */
    private static List<Duration> gaps(Instant from, List<Instant> runs, Instant to) {
        List<Duration> gaps = new ArrayList<>();
        Instant previous = from;
        for (Instant run : runs) {
            gaps.add(Duration.between(previous, run));
            previous = run;
        }
        gaps.add(Duration.between(previous, to));
        return gaps;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
