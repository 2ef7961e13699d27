package org.opensirelay.returns.store;

import java.util.List;

import org.opensirelay.text.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/** Reads by a list of ids in {@code IN (...)} lists of a bounded size: a page of returns in one query per table. */
final class IdChunks {

    /** Ids per {@code IN (...)} list: a page of returns (at most 250) in one query, well below every driver's parameter limit. */
    static final int IDS_PER_QUERY = 500;
    /** Runs {@code sql} (one {@code %s} for the id markers) for {@code ids}, {@value #IDS_PER_QUERY} at a time. */
    static void query(JdbcTemplate jdbc, List<Long> ids, String sql, RowCallbackHandler row) {
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            jdbc.query(sql.formatted(Sql.markers(chunk.size())), row, chunk.toArray());
        }
    }

    private IdChunks() {}
}
