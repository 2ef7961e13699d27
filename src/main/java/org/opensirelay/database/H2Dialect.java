package org.opensirelay.database;

import org.springframework.jdbc.core.JdbcTemplate;

/** H2, embedded: one process's file, one writer at a time, row values for key lists. */
final class H2Dialect implements DatabaseDialect {

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public int usefulWriters(int wanted) {
        return 1;
    }

    @Override
    public void lockUntilCommit(JdbcTemplate jdbc, long key) {
        // one process has the file alone
    }

    @Override
    public boolean bindsArrays() {
        return false;
    }

    @Override
    public boolean needsFreshStatistics() {
        return false;
    }

    @Override
    public <T> T choose(T onH2, T onPostgresql) {
        return onH2;
    }

    @Override
    public String toString() {
        return name();
    }
}
