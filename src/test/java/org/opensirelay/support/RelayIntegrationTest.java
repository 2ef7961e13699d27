package org.opensirelay.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole relay on a random port, on an H2 file database of its own under {@code target/},
 * with two websites and a settable clock. Every test starts from empty item, outbox and audit tables.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "relay.websites[0].code=" + RelayIntegrationTest.SHOP1,
            "relay.websites[0].key=" + RelayIntegrationTest.SHOP1_KEY,
            "relay.websites[1].code=" + RelayIntegrationTest.SHOP2,
            "relay.websites[1].key=" + RelayIntegrationTest.SHOP2_KEY,
            "relay.websites[2].code=" + RelayIntegrationTest.SHOP3,
            "relay.websites[2].security=username-token",
            "relay.websites[2].username=" + RelayIntegrationTest.SHOP3_USER,
            "relay.websites[2].password=" + RelayIntegrationTest.SHOP3_PASSWORD,
            // Every test posts from 127.0.0.1 and many fail authentication on purpose: the throttle has
            // its own test (AuthenticationThrottleTest).
            "relay.auth.max-failures=100000",
            // Each run the scheduler starts is logged with the trigger that started it: a run in the
            // background of a test that delivers by hand shows in that test's output.
            "logging.level.org.opensirelay.delivery.DeliveryJob=DEBUG"
        })
@Import(RelayIntegrationTest.TestClock.class)
@ContextConfiguration(initializers = {UniqueSchedulerName.class, RelayIntegrationTest.OwnDataDirectory.class})
public abstract class RelayIntegrationTest {

    public static final String SHOP1 = "SHOP1";
    public static final String SHOP1_KEY = "5f4dcc3b5aa765d61d8327deb882cf99";
    public static final String SHOP2 = "SHOP2";
    public static final String SHOP2_KEY = "e10adc3949ba59abbe56e057f20f883e";
    /** Opened by a WS-Security UsernameToken instead of a key. */
    public static final String SHOP3 = "SHOP3";

    public static final String SHOP3_USER = "erp-shop3";
    public static final String SHOP3_PASSWORD = "shop3-ut-password";
    public static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected MutableClock clock;

    protected SoapHttp soap;

    @Autowired
    private ObjectProvider<Scheduler> scheduler;

    @BeforeEach
    void emptyTables() throws SchedulerException {
        noDeliveryRunLeftByAnEarlierTest();
        soap = new SoapHttp(port);
        clock.set(START);
        for (String table : new String[] {
            "outbox",
            "return_document",
            "order_comment",
            "inbound_request",
            "return_event",
            "return_item_settlement",
            "api_operation",
            "return_slip",
            "order_return_line",
            "return_label",
            "credit_note_line",
            "credit_note",
            "order_return",
            "shop_order_version",
            "shop_order",
            "webhook_event",
            "webhook_subscription"
        }) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    /**
     * A cached context is paused between test classes and resumed for the next one that uses it: a
     * delivery run an earlier test triggered at once (a dead item revived moves the website's
     * recurring trigger to now) that had not fired yet fired on resume, inside the next test, and
     * delivered what that test had just stored (DeliveryTest found its comment DELIVERED while its
     * shop was down). Before a test starts, every trigger due is left to fire and every run under way
     * to end (at most 30 s); the tables are emptied after that.
     */
    private void noDeliveryRunLeftByAnEarlierTest() throws SchedulerException {
        Scheduler quartz = scheduler.getIfAvailable();
        if (quartz == null) {
            return;
        }
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until
                && quartz.isStarted()
                && !quartz.isInStandbyMode()
                && !quartz.isShutdown()
                && (anyTriggerDue(quartz) || !quartz.getCurrentlyExecutingJobs().isEmpty())) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (System.nanoTime() >= until) {
            System.err.println("A delivery run or a due trigger outlived the 30 s wait before this test:\n"
                    + schedulerState(quartz));
        }
    }

    /**
     * What the scheduler holds and does: each trigger with its state and times, the runs under way,
     * and the stacks of the scheduler's and the relay's threads. Said when a run of an earlier test
     * does not end, or when a test finds its items delivered behind its back.
     */
    protected String schedulerState() {
        Scheduler quartz = scheduler.getIfAvailable();
        return quartz == null ? "no scheduler" : schedulerState(quartz);
    }

    private static String schedulerState(Scheduler quartz) {
        StringBuilder state = new StringBuilder();
        try {
            state.append("scheduler ")
                    .append(quartz.getSchedulerName())
                    .append(" started=")
                    .append(quartz.isStarted())
                    .append(" standby=")
                    .append(quartz.isInStandbyMode())
                    .append(" now=")
                    .append(Instant.now())
                    .append('\n');
            for (TriggerKey key : quartz.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
                Trigger trigger = quartz.getTrigger(key);
                state.append("  trigger ")
                        .append(key)
                        .append(' ')
                        .append(quartz.getTriggerState(key))
                        .append(" next=")
                        .append(
                                trigger == null || trigger.getNextFireTime() == null
                                        ? null
                                        : trigger.getNextFireTime().toInstant())
                        .append(" previous=")
                        .append(
                                trigger == null || trigger.getPreviousFireTime() == null
                                        ? null
                                        : trigger.getPreviousFireTime().toInstant())
                        .append('\n');
            }
            for (JobExecutionContext run : quartz.getCurrentlyExecutingJobs()) {
                state.append("  executing ")
                        .append(run.getJobDetail().getKey())
                        .append(" by ")
                        .append(run.getTrigger().getKey())
                        .append(" since ")
                        .append(run.getFireTime().toInstant())
                        .append('\n');
            }
            String name = quartz.getSchedulerName();
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                if (thread.getName().startsWith(name) || thread.getName().startsWith("relay-")) {
                    state.append("  thread ")
                            .append(thread.getName())
                            .append(' ')
                            .append(thread.getState())
                            .append('\n');
                    for (StackTraceElement frame : stack) {
                        state.append("    at ").append(frame).append('\n');
                    }
                }
            });
        } catch (SchedulerException e) {
            state.append("the scheduler could not be read: ").append(e);
        }
        return state.toString();
    }

    private static boolean anyTriggerDue(Scheduler quartz) throws SchedulerException {
        long now = System.currentTimeMillis();
        for (TriggerKey key : quartz.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
            Trigger trigger = quartz.getTrigger(key);
            if (trigger != null
                    && trigger.getNextFireTime() != null
                    && trigger.getNextFireTime().getTime() <= now) {
                return true;
            }
        }
        return false;
    }

    /** The fixture with SHOP1's key and code. */
    protected static Envelope shop1(String fixture) {
        return Envelope.fixture(fixture, SHOP1_KEY, SHOP1);
    }

    protected int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }

    /** Rows of items and outbox: what a refused request must not change. */
    protected int storedRows() {
        return count("return_document") + count("order_comment") + count("outbox");
    }

    /**
     * Each application context its own data directory, so its own embedded database: contexts cached
     * side by side in the test JVM shared one file, and a cached context's scheduler delivered the rows
     * another context's test had just stored (DeliveryTest found its comment DELIVERED while its shop
     * was down).
     */
    public static final class OwnDataDirectory
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("relay.data-dir=" + newDataDir()).applyTo(context);
        }
    }

    static Path newDataDir() {
        try {
            Path target = Path.of("target", "test-data");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "relay-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(START);
        }
    }
}
