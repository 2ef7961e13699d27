package org.opensirelay.database;

import java.sql.SQLException;
import java.util.Set;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the connection pool that a connection to an H2 database that has closed itself (a full disk
 * makes H2 close the database) is dead. Hikari evicts on SQL states 08xxx only, and H2's "The
 * database has been closed [90098]" is not one, so every pooled connection stayed broken after the
 * space came back, until a restart. Evicted, the next connection opens the database file again.
 */
public final class ClosedDatabaseEviction implements SQLExceptionOverride {

    /** H2's DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN and the I/O errors it closes the database on. */
    private static final Set<Integer> CLOSED = Set.of(90098, 90121, 90028, 90031);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && CLOSED.contains(sql.getErrorCode())) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
