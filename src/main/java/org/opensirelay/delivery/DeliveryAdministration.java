package org.opensirelay.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensirelay.website.Website;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What the operator may see and do about deliveries. */
@Component
public class DeliveryAdministration {

    private final Outbox outbox;
    private final DeliveryScheduler scheduler;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    DeliveryAdministration(Outbox outbox, DeliveryScheduler scheduler, JdbcTemplate jdbc, Clock clock) {
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<DeliveryView> list(Website website, String status, int limit) {
        return outbox.list(website.id(), status, limit);
    }

    public Map<String, Integer> countsByStatus(Website website) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) AS n FROM outbox WHERE website_id = ? GROUP BY status ORDER BY status",
                rs -> {
                    counts.put(rs.getString("status"), rs.getInt("n"));
                }, website.id());
        return counts;
    }

    /** Dead rows (one, or all when {@code id} is null) back to pending and due now. */
    public int revive(Website website, Long id) {
        int revived = outbox.revive(website.id(), id, clock.instant());
        if (revived > 0 && website.delivery().shop() != null) {
            scheduler.triggerNow(website);
        }
        return revived;
    }

    public void triggerNow(Website website) {
        scheduler.triggerNow(website);
    }
}
