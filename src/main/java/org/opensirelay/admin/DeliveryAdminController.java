package org.opensirelay.admin;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
    @GetMapping
    List<Map<String, Object>> websites(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String after) {
        return websites.states().stream()
                .filter(s -> after == null || s.website().code().compareTo(after) > 0)
                .sorted(Comparator.comparing(s -> s.website().code()))
                .limit(limit == null ? Long.MAX_VALUE : Math.max(1, limit))
                .map(state -> {
                    Website w = state.website();
                    return Map.<String, Object>of(
                            "code", w.code(),
                            "enabled", state.enabled(),
                            "managedBy", state.managedBy(),
                            "shopUrl", websites.shopUrl(w).orElse(""),
                            "interval", w.delivery().interval().toString(),
                            "immediate", w.delivery().immediate(),
                            "deliveries", delivery.countsByStatus(w));
                })
                .toList();
    }

    @GetMapping("/{code}/deliveries")
    Map<String, Object> deliveries(
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
        return Map.of("website", code, "status", wanted, "deliveries", rows);
    }

    /** One dead item back to pending, due now. */
    @PostMapping("/{code}/deliveries/{id}/retry")
    Map<String, Object> retry(@PathVariable String code, @PathVariable long id) {
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
        return Map.of("revived", delivery.revive(website, id));
    }

    /** Every dead item of the website back to pending. */
    @PostMapping("/{code}/deliveries/retry-dead")
    Map<String, Object> retryDead(@PathVariable String code) {
        return Map.of("revived", delivery.revive(website(code), null));
    }

    /**
     * Delivers everything pending now, items waiting out a retry delay included, and says what it
     * sent (the run happens during the call).
     */
    @PostMapping("/{code}/deliver")
    Map<String, Object> deliverNow(@PathVariable String code) {
        Website website = website(code);
        if (website.delivery().shop() == null) {
            throw new AdminProblemException(
                    409, "NO_SHOP", "website " + code + " has no relay.websites[N].shop.url: nothing to deliver to");
        }
        DeliveryAdministration.DeliveredNow done = delivery.deliverNow(website);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("website", code);
        answer.put("madeDue", done.madeDue());
        answer.put("batches", done.run().batches());
        answer.put("delivered", done.run().delivered());
        answer.put("retried", done.run().retried());
        answer.put("dead", done.run().dead());
        answer.put("shopUnavailable", done.run().shopUnavailable());
        return answer;
    }

    private Website website(String code) {
        return websites.website(code)
                .orElseThrow(() -> new AdminProblemException(404, "UNKNOWN_WEBSITE", "no active website " + code));
    }
}
