package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Audit rows inserted by many requests at once: every good row in, each bad one refused alone. */
class AuditRowsTest {

    private static final int SENDERS = 16;
    private static final int ROWS_EACH = 200;

    private JdbcTemplate jdbc;
    private AuditRows rows;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:audit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target("11")
                .load()
                .migrate();
        jdbc = new JdbcTemplate(dataSource);
        rows = new AuditRows(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @Test
    void concurrentRowsAreAllInsertedAndABadRowFailsAlone() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            String sender = "S" + s;
            done.add(senders.submit(() -> {
                start.await();
                for (int i = 0; i < ROWS_EACH; i++) {
                    // Every 50th row has no outcome (a NOT NULL column): the database refuses it.
                    String outcome = i % 50 == 49 ? null : "ACCEPTED";
                    try {
                        rows.insert(
                                OffsetDateTime.now(ZoneOffset.UTC),
                                sender,
                                "setComments",
                                1,
                                outcome,
                                1,
                                0,
                                0,
                                1L,
                                "#" + i,
                                "key");
                    } catch (RuntimeException e) {
                        refused.add(sender + "#" + i);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();

        int bad = SENDERS * (ROWS_EACH / 50);
        assertThat(refused).hasSize(bad).allMatch(r -> Integer.parseInt(r.substring(r.indexOf('#') + 1)) % 50 == 49);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_request", Integer.class))
                .isEqualTo(SENDERS * ROWS_EACH - bad);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(DISTINCT website_code || detail) FROM inbound_request", Integer.class))
                .as("no row twice")
                .isEqualTo(SENDERS * ROWS_EACH - bad);
    }
}
