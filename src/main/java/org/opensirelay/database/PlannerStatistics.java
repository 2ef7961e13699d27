package org.opensirelay.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.opensirelay.background.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, keeps the planner's statistics of the tables every request writes up to date
 * itself, as autovacuum's analyze would: where autovacuum is off or behind (it was off on the
 * benchmark's server), a new schema's tables are never analyzed, the plans PostgreSQL caches for the
 * relay's prepared statements are made for empty tables, and the existing-key lookup took 14 ms
 * with 125,000 items stored, growing with every item. A table is analyzed once more than
 * {@code max(1000, 10 %)} of its rows changed since its last analysis; checked every
 * {@code relay.database.statistics-every} (PT10S), one query.
 */
@Component
class PlannerStatistics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PlannerStatistics.class);
    /** The tables the hot path writes; their size is the data's. */
    static final List<String> HOT_TABLES =
            List.of("order_comment", "return_document", "outbox", "inbound_request", "order_return", "return_event");

    private static final long MIN_CHANGES = 1000;

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final Duration every;
    /** The checks' thread, {@code relay-planner-statistics-1}: on PostgreSQL, from each start to the stop after it. */
    private final Workers checks = Workers.scheduled("planner-statistics", Duration.ofSeconds(30));

    PlannerStatistics(
            JdbcTemplate jdbc,
            DatabaseDialect database,
            @Value("${relay.database.statistics-every:PT10S}") Duration every) {
        this.jdbc = jdbc;
        this.postgres = database.needsFreshStatistics();
        this.every = every;
    }

    @Override
    public void start() {
        if (postgres) {
            checks.startEvery(every, this::refreshQuietly);
        }
    }

    /** A stop lets an ANALYZE under way finish before the database closes, then none starts. */
    @Override
    public void stop() {
        checks.stop();
    }

    @Override
    public boolean isRunning() {
        return checks.running();
    }

    @Override
    public int getPhase() {
        return Workers.SELF_DRIVEN;
    }

    /** Analyzes the hot tables whose statistics are stale; returns their names (none on H2, which keeps its own). */
    public List<String> refreshStale() {
        if (!postgres) {
            return List.of();
        }
        List<String> stale = new ArrayList<>();
        jdbc.query(
                "SELECT relname, n_live_tup, n_mod_since_analyze FROM pg_stat_user_tables WHERE relid IN ("
                        + String.join(
                                ", ",
                                HOT_TABLES.stream()
                                        .map(t -> "to_regclass('" + t + "')")
                                        .toList()) + ")",
                rs -> {
                    long rows = rs.getLong("n_live_tup");
                    long changed = rs.getLong("n_mod_since_analyze");
                    if (changed > Math.max(MIN_CHANGES, rows / 10)) {
                        stale.add(rs.getString("relname"));
                    }
                });
        for (String table : stale) {
            jdbc.execute("ANALYZE " + table);
        }
        if (!stale.isEmpty()) {
            log.info("planner statistics refreshed for {}", stale);
        }
        return stale;
    }

    private void refreshQuietly() {
        try {
            refreshStale();
        } catch (RuntimeException e) {
            // The next check tries again; a database that is down is readiness's to report.
            log.warn("planner statistics not refreshed: {}", e.getMessage());
        }
    }
}
