package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.Postgres;
import org.opensirelay.support.RequiresPostgres;
import org.opensirelay.support.StubShop;

/**
 * Immediate mode on two nodes of one PostgreSQL database (clustered Quartz), an ERP posting to both
 * without pause while the shop is slow: the nudges of both nodes add no trigger to the job store (a
 * trigger per accepted request before: 32 at once here; issue 36, item 5), and the website's runs never
 * overlap across the nodes: the shop never has two of its batches at once (twice at once before, the
 * same website's runs on both nodes).
 */
@RequiresPostgres
class ImmediateTriggersPostgresTest {

    private static final String KEY = "immediate-pg-erp-key-000001";
    private static final String CODE = "NOWPG";
    private static final NudgedWebsite WEBSITE = new NudgedWebsite(CODE, KEY, Duration.ofSeconds(2));

    @Test
    void nudgesFromTwoNodesAreOneTriggerAndRunsNeverOverlap(@TempDir Path a, @TempDir Path b) throws Exception {
        String url = Postgres.newSchema();
        List<String> settings = new ArrayList<>(List.of(Postgres.relayArgs(url)));
        try (StubShop shop = StubShop.start()) {
            AtomicInteger atTheShop = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            shop.beforeAnswer(() -> {
                mostAtOnce.accumulateAndGet(atTheShop.incrementAndGet(), Math::max);
                pause(100);
                atTheShop.decrementAndGet();
            });
            settings.addAll(List.of(
                    "--relay.websites[0].code=" + CODE,
                    "--relay.websites[0].key=" + KEY,
                    "--relay.websites[0].shop.url=" + shop.url(),
                    "--relay.websites[0].shop.key=immediate-pg-shop-key",
                    "--relay.websites[0].delivery.immediate=true",
                    "--relay.websites[0].delivery.interval=" + WEBSITE.interval(),
                    "--relay.websites[0].returns.generate-slip=false",
                    "--relay.delivery.batch-size=5",
                    "--relay.delivery.concurrent-batches=1",
                    "--relay.delivery.connect-timeout=PT1S",
                    "--relay.delivery.read-timeout=PT2S",
                    "--relay.delivery.lease=PT5S"));
            String[] args = settings.toArray(String[]::new);
            try (ChildRelay first = ChildRelay.start(a, args);
                    ChildRelay second = ChildRelay.start(b, args)) {
                Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
                AtomicInteger ids = new AtomicInteger();
                AtomicBoolean posting = new AtomicBoolean(true);
                List<Thread> clients = new ArrayList<>();
                for (ChildRelay node : List.of(first, second, first, second)) {
                    Thread client = new Thread(() -> {
                        while (posting.get()) {
                            int id = ids.incrementAndGet();
                            WEBSITE.post(node, id);
                            acknowledged.add(id);
                        }
                    });
                    client.setDaemon(true);
                    client.start();
                    clients.add(client);
                }
                int mostTriggers = 0;
                try (Connection db = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD)) {
                    long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                    while (System.nanoTime() < until) {
                        mostTriggers = Math.max(mostTriggers, WEBSITE.triggersBesidesRecurring(db));
                        pause(20);
                    }
                    posting.set(false);
                    for (Thread client : clients) {
                        client.join(10_000);
                    }
                    Eventually.within(
                            Duration.ofSeconds(60),
                            () -> "every acknowledged item at the shop: " + shop.itemsApplied() + " of "
                                    + acknowledged.size(),
                            () -> acknowledged.stream()
                                    .allMatch(id -> shop.applied().containsKey("comment " + id)));
                    mostTriggers = Math.max(mostTriggers, WEBSITE.triggersBesidesRecurring(db));
                }
                System.out.println("two nodes: " + acknowledged.size() + " acknowledged, at most " + mostTriggers
                        + " triggers besides the recurring one, at most " + mostAtOnce.get()
                        + " batch(es) at the shop at once");
                assertThat(acknowledged).as("requests acknowledged").hasSizeGreaterThan(20);
                assertThat(mostTriggers)
                        .as("triggers of the website besides its recurring one, at most at once")
                        .isZero();
                assertThat(mostAtOnce.get())
                        .as("batches of the website at the shop at once")
                        .isEqualTo(1);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
