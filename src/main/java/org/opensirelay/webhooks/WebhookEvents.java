package org.opensirelay.webhooks;

import static org.opensirelay.database.SqlTimes.utc;

import java.time.Instant;
import java.util.List;

import org.opensirelay.text.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The stored webhook events, for retention: an event goes once its outbox row is gone (delivered, then purged). */
@Component
public class WebhookEvents {

    private final JdbcTemplate jdbc;

    WebhookEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Deletes up to {@code limit} events made before {@code before} whose delivery row is no longer in
     * the outbox (pending and dead ones keep theirs, to be sent or retried); returns how many.
     */
    public int purgeBefore(Instant before, int limit) {
        List<Long> ids = jdbc.queryForList(
                "SELECT e.id FROM webhook_event e WHERE e.created_at < ? AND NOT EXISTS (SELECT 1 FROM outbox o"
                        + " WHERE o.website_id = e.website_id AND o.item_kind = '" + WebhookRecorder.KIND
                        + "' AND o.item_key = CAST(e.id AS VARCHAR(20)))"
                        + " FETCH FIRST " + limit + " ROWS ONLY",
                Long.class,
                utc(before));
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update("DELETE FROM webhook_event WHERE id IN (" + Sql.markers(ids.size()) + ")", ids.toArray());
    }
}
