package org.opensirelay.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final DeliveryService delivery;
    private final Clock clock;

    DeliveryAdministration(Outbox outbox, DeliveryScheduler scheduler, DeliveryService delivery, Clock clock) {
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.delivery = delivery;
        this.clock = clock;
    }

    /** What "deliver now" did: rows made due (they were waiting out a retry delay) and the run itself. */
    public record DeliveredNow(int madeDue, DeliveryService.Run run) {}

    /**
     * Delivers everything pending now, including items still waiting out a retry delay (the operator
     * has fixed the shop), and says what happened. Runs on the caller's thread; a scheduled run of
     * the same website at the same time cannot send the same rows (they are leased).
     */
    public DeliveredNow deliverNow(Website website) {
        int madeDue = outbox.makeDueNow(website.id(), clock.instant());
        return new DeliveredNow(madeDue, delivery.deliverDue(website));
    }

    /** The status of one delivery of the website, if it exists. */
    public Optional<OutboxStatus> status(Website website, long id) {
        return outbox.status(website.id(), id);
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
}
