package org.opensirelay.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.opensirelay.delivery.DeliveryAdministration;
import org.opensirelay.outbox.DeliveryView;
import org.opensirelay.outbox.OutboxStatus;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

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

    /** Every active website with its delivery settings (never a key) and counts per status. */
    @GetMapping
    List<Map<String, Object>> websites() {
        return websites.activeWebsites().stream().map(w -> Map.<String, Object>of(
                "code", w.code(),
                "shopUrl", w.delivery().shopConnector().map(s -> s.url()).orElse(""),
                "interval", w.delivery().interval().toString(),
                "immediate", w.delivery().immediate(),
                "deliveries", delivery.countsByStatus(w))).toList();
    }

    @GetMapping("/{code}/deliveries")
    Map<String, Object> deliveries(@PathVariable String code, @RequestParam(defaultValue = "PENDING") String status,
                                   @RequestParam(defaultValue = "100") int limit) {
        Website website = website(code);
        OutboxStatus wanted = OutboxStatus.parse(status).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "status must be one of " + Arrays.toString(OutboxStatus.values()) + " (default PENDING)"));
        List<DeliveryView> rows = delivery.list(website, wanted, Math.max(1, Math.min(limit, MAX_LIMIT)));
        return Map.of("website", code, "status", wanted, "deliveries", rows);
    }

    /** One dead item back to pending, due now. */
    @PostMapping("/{code}/deliveries/{id}/retry")
    Map<String, Object> retry(@PathVariable String code, @PathVariable long id) {
        int revived = delivery.revive(website(code), id);
        if (revived == 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead delivery " + id + " for website " + code);
        }
        return Map.of("revived", revived);
    }

    /** Every dead item of the website back to pending. */
    @PostMapping("/{code}/deliveries/retry-dead")
    Map<String, Object> retryDead(@PathVariable String code) {
        return Map.of("revived", delivery.revive(website(code), null));
    }

    /** Runs the website's delivery now (asynchronously, on the scheduler). */
    @PostMapping("/{code}/deliver")
    ResponseEntity<Map<String, Object>> deliverNow(@PathVariable String code) {
        Website website = website(code);
        if (website.delivery().shop() == null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "website " + code + " has no shop.url: nothing to deliver to");
        }
        delivery.triggerNow(website);
        return ResponseEntity.accepted().body(Map.of("triggered", code));
    }

    private Website website(String code) {
        return websites.website(code)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no active website " + code));
    }
}
