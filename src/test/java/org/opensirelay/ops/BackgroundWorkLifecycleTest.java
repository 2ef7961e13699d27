package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.OpensiRelayApplication;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.SoapHttp;
import org.opensirelay.support.StubShop;
import org.opensirelay.support.UniqueSchedulerName;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The relay's background work follows the application's lifecycle (issue 37): a stopped (paused)
 * context — as the test framework pauses a cached one while another runs — leaves none of the
 * relay's threads running, a start brings the work back (a comment posted reaches the shop), and a
 * closed context leaves nothing behind. Its threads are named for what they run ({@code relay-…}).
 * <p>
 * A relay of its own, started in this JVM and closed here: stopping a cached shared context would
 * break the tests that use it after.
 */
class BackgroundWorkLifecycleTest {

    private static final String KEY = "lifecycle-erp-key-000000001";
    private static final String WEBSITE = "PAUSE";

    @Test
    void aStoppedRelayRunsNoThreadOfItsOwnAndAStartedOneDeliversAgain(@TempDir Path dataDir) {
        try (StubShop shop = StubShop.start()) {
            String scheduler = UniqueSchedulerName.next();
            String[] args = {
                "--server.port=0",
                "--relay.data-dir=" + dataDir.toAbsolutePath(),
                "--spring.quartz.scheduler-name=" + scheduler,
                "--relay.websites[0].code=" + WEBSITE,
                "--relay.websites[0].key=" + KEY,
                "--relay.websites[0].shop.url=" + shop.url(),
                "--relay.websites[0].shop.key=lifecycle-shop-key-01",
                "--relay.websites[0].delivery.immediate=true",
                "--relay.websites[0].returns.generate-slip=false",
                // Every periodic worker there and busy: backups, the refresh, the purge, the webhook sweep.
                "--relay.website-refresh-every=PT0.1S",
                "--relay.backup.every=PT0.2S",
                "--relay.backup.keep=2",
                "--relay.retention.every=PT0.2S",
                "--relay.webhooks.sweep-every=PT0.1S"
            };
            Set<Long> before = threadIds();
            ConfigurableApplicationContext relay = new SpringApplicationBuilder(OpensiRelayApplication.class).run(args);
            try {
                postCommentAndSeeItDelivered(relay, shop, 1);

                List<String> running = relayThreads(before, scheduler);
                System.out.println("the relay's threads while it runs: " + running);
                assertThat(running)
                        .as("the relay's threads while it runs, each named for what it runs")
                        .isNotEmpty()
                        .allMatch(name -> name.startsWith("relay-"));

                relay.stop();
                noRelayThreadWithin(Duration.ofSeconds(30), before, scheduler, "after a stop (paused)");

                relay.start();
                postCommentAndSeeItDelivered(relay, shop, 2);
            } finally {
                relay.close();
            }
            noRelayThreadWithin(Duration.ofSeconds(30), before, scheduler, "after a close");
        }
    }

    private static void postCommentAndSeeItDelivered(ConfigurableApplicationContext relay, StubShop shop, int id) {
        int port = ((WebServerApplicationContext) relay).getWebServer().getPort();
        int applied = shop.itemsApplied();
        SoapHttp.Answer answer = new SoapHttp(port)
                .post(Envelope.fixture("setComments-seed.xml", KEY, WEBSITE)
                        .set("CommentId", String.valueOf(id))
                        .set("OrderNumber", WEBSITE + "-" + id));
        assertThat(answer.status()).as("the ERP's post of comment %d", id).isEqualTo(200);
        Eventually.within(
                Duration.ofSeconds(30),
                "comment " + id + " delivered to the shop at once",
                () -> shop.itemsApplied() > applied);
    }

    private static void noRelayThreadWithin(Duration limit, Set<Long> before, String scheduler, String when) {
        Eventually.within(
                limit,
                () -> "the relay's threads still running " + when + ": " + relayThreads(before, scheduler),
                () -> relayThreads(before, scheduler).isEmpty());
    }

    private static Set<Long> threadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    /**
     * The threads alive now that were not before the relay started, less those that are not the
     * relay's to end: the libraries Spring starts and stops itself (Tomcat's; Quartz's, in standby
     * while paused, named by the scheduler; the connection pool's and the embedded database's, which
     * live until the close), the JDK's HttpClient threads (this test's own client makes them too;
     * the relay's clients run on named relay workers, and what the JDK keeps of a client, one selector
     * thread, ends with it: Java 17 has no HttpClient.close()), the JDK's shared pool, and the stub shop's.
     */
    private static List<String> relayThreads(Set<Long> before, String scheduler) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> !before.contains(thread.getId()))
                .map(Thread::getName)
                .filter(name -> !name.startsWith("http-nio-")
                        && !name.startsWith("Catalina-")
                        && !name.startsWith("container-")
                        && !name.contains(scheduler)
                        && !name.startsWith("HikariPool")
                        && !name.startsWith("H2-")
                        && !name.startsWith("MVStore")
                        && !name.startsWith("HttpClient-")
                        && !name.startsWith("ForkJoinPool.commonPool")
                        && !name.equals("stub-shop"))
                .sorted()
                .toList();
    }
}
