package org.opensirelay.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.opensirelay.outbox.DeliveryView;
import org.opensirelay.outbox.Outbox;
import org.opensirelay.outbox.OutboxStatus;
import org.opensirelay.website.Website;
import org.springframework.stereotype.Component;

/** What the operator may see and do about deliveries. */
@Component
public class DeliveryAdministration {

    private final Outbox outbox;
    private final DeliveryScheduler scheduler;
    private final Clock clock;

    DeliveryAdministration(Outbox outbox, DeliveryScheduler scheduler, Clock clock) {
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    public List<DeliveryView> list(Website website, OutboxStatus status, int limit) {
        return outbox.list(website.id(), status, limit);
    }

    public Map<OutboxStatus, Integer> countsByStatus(Website website) {
        return outbox.countsByStatus(website.id());
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
