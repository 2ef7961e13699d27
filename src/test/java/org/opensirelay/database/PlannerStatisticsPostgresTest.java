package org.opensirelay.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.OnPostgres;
import org.opensirelay.support.RelayIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The relay keeps its hot tables' planner statistics itself on PostgreSQL: with autovacuum off (as on
 * the benchmark's server) a new schema's tables were never analyzed, and the key lookup's cached plan
 * read every stored item (14 ms a request at 125,000 items).
 */
@OnPostgres
@TestPropertySource(properties = "relay.database.statistics-every=PT1S")
class PlannerStatisticsPostgresTest extends RelayIntegrationTest {

    @Autowired
    PlannerStatistics statistics;

    @Test
    void tablesThatChangedByMoreThanATenthAreAnalyzedByTheRelayWithinSeconds() {
        for (int request = 0; request < 12; request++) {
            int first = 1000 * request;
            soap.post(shop1("setComments-seed.xml")
                    .repeat(
                            100,
                            (i, item) ->
                                    Envelope.field(item, "CommentId").setTextContent(String.valueOf(first + i + 1))));
        }
        assertThat(count("order_comment")).isEqualTo(1200);
        Eventually.within(
                Duration.ofSeconds(20),
                "order_comment analyzed by the relay",
                () -> jdbc.queryForObject(
                        "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relid = to_regclass('order_comment')",
                        Boolean.class));
        assertThat(jdbc.queryForObject(
                        "SELECT reltuples FROM pg_class WHERE oid = to_regclass('order_comment')", Float.class))
                .as("the planner now knows the table's size")
                .isGreaterThan(1000f);
        assertThat(statistics.refreshStale()).as("nothing is stale right after").doesNotContain("order_comment");
    }
}
