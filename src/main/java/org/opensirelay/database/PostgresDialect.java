package org.opensirelay.database;

import org.springframework.jdbc.core.JdbcTemplate;

/** PostgreSQL: a server several nodes share; advisory locks, arrays as parameters, statistics to keep fresh. */
final class PostgresDialect implements DatabaseDialect {

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public boolean embedded() {
        return false;
    }

    @Override
    public int usefulWriters(int wanted) {
        return wanted;
    }

    @Override
    public void lockUntilCommit(JdbcTemplate jdbc, long key) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", key);
    }

    @Override
    public boolean bindsArrays() {
        return true;
    }

    @Override
    public boolean needsFreshStatistics() {
        return true;
    }

    @Override
    public <T> T choose(T onH2, T onPostgresql) {
        return onPostgresql;
    }

    @Override
    public String toString() {
        return name();
    }
}
