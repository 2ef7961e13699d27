package org.opensirelay.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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
            "relay.auth.max-failures=100000"
        })
@Import(RelayIntegrationTest.TestClock.class)
@ContextConfiguration(initializers = UniqueSchedulerName.class)
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

    private static final Path DATA_DIR = newDataDir();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected MutableClock clock;

    protected SoapHttp soap;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("relay.data-dir", DATA_DIR::toString);
    }

    @BeforeEach
    void emptyTables() {
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
