package org.opensirelay.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.opensirelay.access.AdminProblemException;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A website's webhook subscriptions, for the admin token: subscribe (the secret is in that answer and
 * nowhere else), list, change (url, events, enabled), rotate the secret with an overlap, delete.
 */
@RestController
@RequestMapping("/api/websites/{code}/webhooks")
class WebhookAdminController {

    /** How long the previous secret stays valid after a rotation, unless the call says. */
    static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

    static final Duration MAX_OVERLAP = Duration.ofDays(30);

    private final WebsiteRegistry websites;
    private final WebhookSubscriptions subscriptions;
    private final SigningSecrets secrets;
    private final WebhookDelivery delivery;
    private final Clock clock;

    WebhookAdminController(
            WebsiteRegistry websites,
            WebhookSubscriptions subscriptions,
            SigningSecrets secrets,
            WebhookDelivery delivery,
            Clock clock) {
        this.websites = websites;
        this.subscriptions = subscriptions;
        this.secrets = secrets;
        this.delivery = delivery;
        this.clock = clock;
    }

    /** A subscription's fields, as sent; every one optional in a change. */
    record SubscriptionRequest(String url, List<String> events, Boolean enabled) {}

    /** A rotation: how long the previous secret stays valid (ISO-8601, e.g. PT24H; PT0S ends it now). */
    record RotationRequest(String previousSecretValidFor) {}

    @GetMapping
    List<SubscriptionView> list(@PathVariable String code) {
        return subscriptions.list(website(code).id()).stream()
                .map(WebhookAdminController::view)
                .toList();
    }

    @GetMapping("/{id}")
    SubscriptionView get(@PathVariable String code, @PathVariable long id) {
        return view(subscription(website(code), id));
    }

    @PostMapping
    ResponseEntity<SubscriptionView> subscribe(
            @PathVariable String code, @RequestBody(required = false) SubscriptionRequest request) {
        Website website = website(code);
        signable();
        SubscriptionRequest body = request == null ? new SubscriptionRequest(null, null, null) : request;
        String url = checkedUrl(website, body.url());
        List<String> events = checkedEvents(body.events());
        WebhookSubscriptions.Subscription created =
                subscriptions.create(website.id(), url, events, body.enabled() == null || body.enabled());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(view(created).withSecret(secrets.secret(created.id(), created.secretGeneration())));
    }

    @PatchMapping("/{id}")
    SubscriptionView change(
            @PathVariable String code,
            @PathVariable long id,
            @RequestBody(required = false) SubscriptionRequest request) {
        Website website = website(code);
        WebhookSubscriptions.Subscription found = subscription(website, id);
        SubscriptionRequest body = request == null ? new SubscriptionRequest(null, null, null) : request;
        String url = body.url() == null ? found.url() : checkedUrl(website, body.url());
        List<String> events = body.events() == null ? List.copyOf(found.events()) : checkedEvents(body.events());
        return view(
                subscriptions.update(found, url, events, body.enabled() == null ? found.enabled() : body.enabled()));
    }

    @PostMapping("/{id}/rotate-secret")
    SubscriptionView rotate(
            @PathVariable String code, @PathVariable long id, @RequestBody(required = false) RotationRequest request) {
        Website website = website(code);
        signable();
        WebhookSubscriptions.Subscription found = subscription(website, id);
        Duration overlap = DEFAULT_OVERLAP;
        if (request != null && request.previousSecretValidFor() != null) {
            try {
                overlap = Duration.parse(request.previousSecretValidFor());
            } catch (DateTimeParseException e) {
                throw new AdminProblemException(
                        422,
                        "INVALID_WEBHOOK",
                        "previousSecretValidFor must be an ISO-8601 duration" + " (PT24H, P7D, PT0S), not '"
                                + request.previousSecretValidFor() + "'");
            }
            if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
                throw new AdminProblemException(
                        422, "INVALID_WEBHOOK", "previousSecretValidFor must be between PT0S and P30D");
            }
        }
        WebhookSubscriptions.Subscription rotated =
                subscriptions.rotate(found, clock.instant().plus(overlap));
        return view(rotated).withSecret(secrets.secret(rotated.id(), rotated.secretGeneration()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String code, @PathVariable long id) {
        subscriptions.delete(subscription(website(code), id));
        return ResponseEntity.noContent().build();
    }

    // ---------------------------------------------------------------- checks

    private Website website(String code) {
        return websites.website(code)
                .orElseThrow(() -> new AdminProblemException(404, "UNKNOWN_WEBSITE", "no active website " + code));
    }

    private WebhookSubscriptions.Subscription subscription(Website website, long id) {
        return subscriptions
                .find(website.id(), id)
                .orElseThrow(() -> new AdminProblemException(
                        404,
                        "UNKNOWN_SUBSCRIPTION",
                        "website " + website.code() + " has no webhook subscription " + id));
    }

    private void signable() {
        secrets.unavailable().ifPresent(why -> {
            throw new AdminProblemException(409, "WEBHOOKS_OFF", why);
        });
    }

    private String checkedUrl(Website website, String url) {
        if (url == null || url.isBlank()) {
            throw new AdminProblemException(422, "INVALID_WEBHOOK", "url is required: the receiver's address (https)");
        }
        if (url.length() > 2000) {
            throw new AdminProblemException(422, "INVALID_WEBHOOK", "url must be at most 2000 characters");
        }
        Optional<String> refused =
                Destinations.refusal(url.strip(), delivery.privateAllowed(website), Destinations.DNS);
        refused.ifPresent(why -> {
            throw new AdminProblemException(422, "INVALID_WEBHOOK", why);
        });
        return url.strip();
    }

    private static List<String> checkedEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new AdminProblemException(
                    422,
                    "INVALID_WEBHOOK",
                    "events is required: one or more of " + WebhookEventType.wireNames() + ", or \"*\" for all");
        }
        LinkedHashSet<String> checked = new LinkedHashSet<>();
        for (String event : events) {
            if ("*".equals(event)) {
                checked.addAll(WebhookEventType.wireNames());
            } else if (event == null || WebhookEventType.byWireName(event).isEmpty()) {
                throw new AdminProblemException(
                        422,
                        "INVALID_WEBHOOK",
                        "events: '" + event + "' is not an event; known: " + WebhookEventType.wireNames()
                                + ", or \"*\" for all");
            } else {
                checked.add(event);
            }
        }
        return new ArrayList<>(checked);
    }

    /**
     * A subscription as the API shows it; {@code secret} only in the answer that made it (a new
     * subscription, a rotation), never again.
     */
    record SubscriptionView(
            long id,
            String url,
            List<String> events,
            boolean enabled,
            int secretGeneration,
            String previousSecretValidUntil,
            String createdAt,
            String updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

        SubscriptionView withSecret(String secret) {
            return new SubscriptionView(
                    id, url, events, enabled, secretGeneration, previousSecretValidUntil, createdAt, updatedAt, secret);
        }
    }

    static SubscriptionView view(WebhookSubscriptions.Subscription subscription) {
        Instant previous = subscription.previousValidUntil();
        return new SubscriptionView(
                subscription.id(),
                subscription.url(),
                List.copyOf(subscription.events()),
                subscription.enabled(),
                subscription.secretGeneration(),
                previous == null ? null : previous.toString(),
                subscription.createdAt().toString(),
                subscription.updatedAt().toString(),
                null);
    }
}
