package org.opensirelay.database;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What differs between the databases the relay runs on, asked by name rather than by comparing
 * kinds: one implementation per database ({@link H2Dialect}, {@link PostgresDialect}), chosen once at
 * start ({@link DatabaseDialectConfiguration}), as db-scheduler chooses one {@code JdbcCustomization}.
 * A statement whose best form differs is written out whole for each database by the module that owns
 * its table, the two side by side, and picked once with {@link #choose}: never derived one from the
 * other by text replacement.
 */
public sealed interface DatabaseDialect permits H2Dialect, PostgresDialect {

    /** The embedded H2 the relay runs on by default. */
    DatabaseDialect H2 = new H2Dialect();

    /** PostgreSQL, for several nodes. */
    DatabaseDialect POSTGRESQL = new PostgresDialect();

    /** The database's name as its driver gives it. */
    String name();

    /**
     * The database is a file of this process's own (embedded H2): its disk, its backups and the key
     * files beside it are the relay's to keep. A database server keeps its own (PostgreSQL: its own
     * backups, disk and, for keys every node must share, the settings).
     */
    boolean embedded();

    /**
     * Writers that help, of {@code wanted}: an embedded store takes one writer at a time, so a second
     * only waits; a server's work runs in its own processes, which a second writer overlaps.
     */
    int usefulWriters(int wanted);

    /**
     * Holds, until the transaction ends, a lock every node of the relay takes by {@code key} (nothing
     * on an embedded database, which one process has alone).
     */
    void lockUntilCommit(JdbcTemplate jdbc, long key);

    /**
     * One array bound as one parameter ({@code key = ANY(?)}) is planned as a lookup per key; where
     * false, keys are given as row values instead.
     */
    boolean bindsArrays();

    /** The planner relies on statistics the relay should refresh when a hot table has grown (PostgreSQL). */
    boolean needsFreshStatistics();

    /** Of a statement written out for each database, this database's. */
    <T> T choose(T onH2, T onPostgresql);
}
