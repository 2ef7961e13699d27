package org.opensirelay.database;

import java.sql.PreparedStatement;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** An INSERT whose new row's id the database makes: one statement, the id handed back, on H2 and PostgreSQL alike. */
public final class GeneratedIds {

    private GeneratedIds() {}

    /** Runs {@code sql} (an INSERT into a table with an identity column {@code id}) with {@code args}, bound as JdbcTemplate binds them; returns the new id. */
    public static long insert(JdbcOperations jdbc, String sql, Object... args) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(
                connection -> {
                    PreparedStatement statement = connection.prepareStatement(sql, new String[] {"id"});
                    new ArgumentPreparedStatementSetter(args).setValues(statement);
                    return statement;
                },
                key);
        return key.getKey().longValue();
    }
}
