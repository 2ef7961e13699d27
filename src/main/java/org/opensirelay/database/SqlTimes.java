package org.opensirelay.database;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants as the relay binds them to {@code TIMESTAMP WITH TIME ZONE} columns: in UTC, on every database. */
public final class SqlTimes {

    private SqlTimes() {}

    /** {@code instant} in UTC, null for null. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
