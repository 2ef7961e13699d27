package org.opensirelay.soap;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inserts {@code inbound_request} rows, those of requests answered together in one transaction
 * (group commit, done by the requests themselves). A request that finds no insert under way inserts
 * its row at once, alone, as one statement. One that finds an insert under way queues its row and
 * waits; the first of the waiting to get its turn inserts every row queued by then, its own among
 * them, and the others find theirs done.
 * <p>
 * Inserted one by one, each row was a transaction of its own beside the ingest writer's. A writer
 * thread to hand rows to (as for items) would cost a lone request a hand-over for nothing. Either
 * way, a request returns once its row is in, so the row is there when the caller has the answer.
 */
final class AuditRows {

    private static final String INSERT =
            "INSERT INTO inbound_request (received_at, website_code, operation, item_count, outcome,"
                    + " created_count, updated_count, duplicate_count, duration_ms, detail, credential) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Rows per insert at most. */
    private static final int MAX_ROWS = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ReentrantLock inserting = new ReentrantLock();
    private final Queue<Row> queued = new ConcurrentLinkedQueue<>();

    private static final class Row {
        final Object[] values;
        /** Set before {@link #done}, by the thread that inserted the row. */
        RuntimeException failure;

        volatile boolean done;

        Row(Object[] values) {
            this.values = values;
        }
    }

    AuditRows(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Inserts one row (the values of {@link #INSERT}) and returns once it is in; throws if it could not be. */
    void insert(Object... values) {
        Row row = new Row(values);
        queued.add(row);
        inserting.lock();
        try {
            while (!row.done) {
                List<Row> batch = new ArrayList<>();
                for (Row next; batch.size() < MAX_ROWS && (next = queued.poll()) != null; ) {
                    batch.add(next);
                }
                write(batch);
            }
        } finally {
            inserting.unlock();
        }
        if (row.failure != null) {
            throw row.failure;
        }
    }

    private void write(List<Row> batch) {
        try {
            if (batch.size() == 1) {
                jdbc.update(INSERT, batch.get(0).values);
            } else {
                transactions.executeWithoutResult(status -> jdbc.batchUpdate(
                        INSERT, batch.stream().map(r -> r.values).toList()));
            }
        } catch (RuntimeException together) {
            if (batch.size() == 1) {
                batch.get(0).failure = together;
            } else {
                // One bad row fails alone.
                for (Row row : batch) {
                    try {
                        jdbc.update(INSERT, row.values);
                    } catch (RuntimeException alone) {
                        row.failure = alone;
                    }
                }
            }
        }
        batch.forEach(row -> row.done = true);
    }
}
