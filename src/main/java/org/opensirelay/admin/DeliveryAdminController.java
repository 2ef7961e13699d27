package org.opensirelay.admin;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.opensirelay.access.AdminProblemException;
import org.opensirelay.delivery.DeliveryAdministration;
import org.opensirelay.outbox.DeliveryView;
import org.opensirelay.outbox.OutboxStatus;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of delivery: what is pending, delivered or dead for a website, putting dead
 * items back, and running a website's delivery now.
 */
@RestController
@RequestMapping("/api/websites")
class DeliveryAdminController {

    private static final int MAX_LIMIT = 1000;

    private final WebsiteRegistry websites;
    private final DeliveryAdministration delivery;

    DeliveryAdminController(WebsiteRegistry websites, DeliveryAdministration delivery) {
        this.websites = websites;
        this.delivery = delivery;
    }

    /**
     * Every website, enabled or not, by code, with its delivery settings (never a key) and counts per
     * status; {@code limit} and {@code after} (the last code of the previous page) page through
     * thousands of them, each line costing a count.
     */
    /** A website as the delivery API lists it: its delivery settings (never a key) and counts per status. */
    record WebsiteDeliveries(
            String code,
            boolean enabled,
            String managedBy,
            String shopUrl,
            String interval,
            boolean immediate,
            Map<OutboxStatus, Integer> deliveries) {}

    /** A page of a website's deliveries in one status. */
    record Deliveries(String website, OutboxStatus status, List<DeliveryView> deliveries) {}

    /** How many dead deliveries went back to pending. */
    record Revived(int revived) {}

    /** What a delivery run made due and did. */
    record DeliveredNow(
            String website, int madeDue, int batches, int delivered, int retried, int dead, boolean shopUnavailable) {}

    @GetMapping
    List<WebsiteDeliveries> websites(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String after) {
        return websites.states().stream()
                .filter(s -> after == null || s.website().code().compareTo(after) > 0)
                .sorted(Comparator.comparing(s -> s.website().code()))
                .limit(limit == null ? Long.MAX_VALUE : Math.max(1, limit))
                .map(state -> {
                    Website w = state.website();
                    return new WebsiteDeliveries(
                            w.code(),
                            state.enabled(),
                            state.managedBy(),
                            websites.shopUrl(w).orElse(""),
                            w.delivery().interval().toString(),
                            w.delivery().immediate(),
                            delivery.countsByStatus(w));
                })
                .toList();
    }

    @GetMapping("/{code}/deliveries")
    Deliveries deliveries(
            @PathVariable String code,
            @RequestParam(defaultValue = "PENDING") String status,
            @RequestParam(defaultValue = "100") int limit) {
        Website website = website(code);
        OutboxStatus wanted = OutboxStatus.parse(status)
                .orElseThrow(() -> new AdminProblemException(
                        400,
                        "INVALID_STATUS",
                        "status must be one of " + Arrays.toString(OutboxStatus.values())
                                + " in any letter case (default PENDING), not '" + status + "'"));
        List<DeliveryView> rows = delivery.list(website, wanted, Math.max(1, Math.min(limit, MAX_LIMIT)));
        return new Deliveries(code, wanted, rows);
    }

    /** One dead item back to pending, due now. */
    @PostMapping("/{code}/deliveries/{id}/retry")
    Revived retry(@PathVariable String code, @PathVariable long id) {
        Website website = website(code);
        OutboxStatus now = delivery.status(website, id)
                .orElseThrow(() -> new AdminProblemException(
                        404, "UNKNOWN_DELIVERY", "website " + code + " has no delivery " + id));
        if (now != OutboxStatus.DEAD) {
            throw new AdminProblemException(
                    409,
                    "NOT_DEAD",
                    "delivery " + id + " is " + now + ": only DEAD deliveries can be retried"
                            + (now == OutboxStatus.PENDING
                                    ? " (use POST /api/websites/" + code + "/deliver to send pending ones now)"
                                    : ""));
        }
        return new Revived(delivery.revive(website, id));
    }

    /** Every dead item of the website back to pending. */
    @PostMapping("/{code}/deliveries/retry-dead")
    Revived retryDead(@PathVariable String code) {
        return new Revived(delivery.revive(website(code), null));
    }

    /**
     * Delivers everything pending now, items waiting out a retry delay included, and says what it
     * sent (the run happens during the call).
     */
    @PostMapping("/{code}/deliver")
    DeliveredNow deliverNow(@PathVariable String code) {
        Website website = website(code);
        if (website.delivery().shop() == null) {
            throw new AdminProblemException(
                    409, "NO_SHOP", "website " + code + " has no relay.websites[N].shop.url: nothing to deliver to");
        }
        DeliveryAdministration.DeliveredNow done = delivery.deliverNow(website);
        return new DeliveredNow(
                code,
                done.madeDue(),
                done.run().batches(),
                done.run().delivered(),
                done.run().retried(),
                done.run().dead(),
                done.run().shopUnavailable());
    }

    private Website website(String code) {
        return websites.website(code)
                .orElseThrow(() -> new AdminProblemException(404, "UNKNOWN_WEBSITE", "no active website " + code));
    }
}
