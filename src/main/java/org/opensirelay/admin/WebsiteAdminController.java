package org.opensirelay.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.opensirelay.access.AdminProblemException;
import org.opensirelay.access.AdminProblems;
import org.opensirelay.access.AdminToken;
import org.opensirelay.website.WebsiteAdministration;
import org.opensirelay.website.WebsiteChangeRefused;
import org.opensirelay.website.WebsiteJson;
import org.opensirelay.website.WebsiteRegistry;
import org.opensirelay.website.WebsiteRegistry.WebsiteState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Websites managed while the relay runs: create one (its key and API token shown once), read it,
 * change its settings (JSON merge patch), disable and enable it, delete it when nothing waits for
 * its shop, rotate its key or API token with an overlap, and read who changed what.
 */
@RestController
@RequestMapping("/api/websites")
class WebsiteAdminController {

    /** A replaced key or token may stay valid this long at most: a rotation is a switch, not a second key. */
    static final Duration MAX_OVERLAP = Duration.ofDays(90);

    private final WebsiteAdministration administration;
    private final WebsiteRegistry websites;
    private final Clock clock;

    WebsiteAdminController(WebsiteAdministration administration, WebsiteRegistry websites, Clock clock) {
        this.administration = administration;
        this.websites = websites;
        this.clock = clock;
    }

    /**
     * @param key                  the new key or token; none: one is made at random and shown in the answer, once
     * @param previousValidUntil   until when the replaced one still opens the website (an ISO-8601 instant)
     * @param previousValidFor     or for how long from now (ISO-8601 duration); default 7 days, PT0S ends it now
     */
    record RotationRequest(String key, String previousValidUntil, String previousValidFor) {}

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) JsonNode body, HttpServletRequest request)
            throws WebsiteChangeRefused {
        WebsiteAdministration.Created created = administration.create(body, operator(request));
        Map<String, Object> answer = view(created.website());
        if (created.key() != null) {
            answer.put("key", created.key());
        }
        if (created.apiToken() != null) {
            answer.put("apiToken", created.apiToken());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @GetMapping("/{code}")
    Map<String, Object> get(@PathVariable String code) {
        return view(state(code));
    }

    @PatchMapping(
            path = "/{code}",
            consumes = {"application/merge-patch+json", "application/json"})
    Map<String, Object> update(
            @PathVariable String code, @RequestBody(required = false) JsonNode patch, HttpServletRequest request)
            throws WebsiteChangeRefused {
        return view(administration.update(code, patch, operator(request)));
    }

    @PostMapping("/{code}/disable")
    Map<String, Object> disable(@PathVariable String code, HttpServletRequest request) throws WebsiteChangeRefused {
        return view(administration.disable(code, operator(request)));
    }

    @PostMapping("/{code}/enable")
    Map<String, Object> enable(@PathVariable String code, HttpServletRequest request) throws WebsiteChangeRefused {
        return view(administration.enable(code, operator(request)));
    }

    @DeleteMapping("/{code}")
    ResponseEntity<Void> delete(@PathVariable String code, HttpServletRequest request) throws WebsiteChangeRefused {
        administration.delete(code, operator(request));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{code}/key")
    Map<String, Object> rotateKey(
            @PathVariable String code, @RequestBody(required = false) RotationRequest body, HttpServletRequest request)
            throws WebsiteChangeRefused {
        RotationRequest asked = body == null ? new RotationRequest(null, null, null) : body;
        return rotated(administration.rotateKey(code, asked.key(), until(asked), operator(request)), "key");
    }

    @PostMapping("/{code}/api-token")
    Map<String, Object> rotateApiToken(
            @PathVariable String code, @RequestBody(required = false) RotationRequest body, HttpServletRequest request)
            throws WebsiteChangeRefused {
        RotationRequest asked = body == null ? new RotationRequest(null, null, null) : body;
        return rotated(administration.rotateApiToken(code, asked.key(), until(asked), operator(request)), "apiToken");
    }

    @GetMapping("/{code}/changes")
    Map<String, Object> changes(@PathVariable String code, @RequestParam(defaultValue = "100") int limit) {
        return Map.of("website", code, "changes", administration.changes(code, limit));
    }

    @ExceptionHandler(WebsiteChangeRefused.class)
    ResponseEntity<ProblemDetail> refused(WebsiteChangeRefused e) {
        ResponseEntity<ProblemDetail> answer = AdminProblems.problem(e.status(), e.code(), e.getMessage());
        answer.getBody().setProperty("errors", e.problems());
        return answer;
    }

    private Map<String, Object> rotated(WebsiteAdministration.Rotated rotated, String field) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("website", rotated.code());
        if (rotated.secret() != null) {
            answer.put(field, rotated.secret());
        }
        answer.put("previousValidUntil", rotated.previousValidUntil().toString());
        return answer;
    }

    private Instant until(RotationRequest asked) throws WebsiteChangeRefused {
        try {
            if (asked.previousValidUntil() != null && asked.previousValidFor() != null) {
                throw new IllegalArgumentException("send previousValidUntil or previousValidFor, not both");
            }
            Instant until = asked.previousValidUntil() != null
                    ? Instant.parse(asked.previousValidUntil())
                    : asked.previousValidFor() != null
                            ? clock.instant().plus(Duration.parse(asked.previousValidFor()))
                            : null;
            if (until != null && until.isAfter(clock.instant().plus(MAX_OVERLAP))) {
                throw new IllegalArgumentException(
                        "the previous one may stay valid " + MAX_OVERLAP.toDays() + " days at most");
            }
            return until;
        } catch (DateTimeParseException e) {
            throw new AdminProblemException(
                    400,
                    "INVALID_ROTATION",
                    "previousValidUntil must be an ISO-8601 instant"
                            + " (2026-12-31T00:00:00Z), previousValidFor an ISO-8601 duration (P7D, PT12H): "
                            + e.getParsedString());
        } catch (IllegalArgumentException e) {
            throw new AdminProblemException(400, "INVALID_ROTATION", e.getMessage());
        }
    }

    private WebsiteState state(String code) {
        return websites.state(code)
                .orElseThrow(() -> new AdminProblemException(404, "UNKNOWN_WEBSITE", "no website '" + code + "'"));
    }

    private static String operator(HttpServletRequest request) {
        Object name = request.getAttribute(AdminToken.OPERATOR);
        return name == null ? AdminToken.DEFAULT_NAME : name.toString();
    }

    /** A website as the API shows it: its settings and state, never a key, token or password. */
    static Map<String, Object> view(WebsiteState state) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("code", state.website().code());
        view.put("enabled", state.enabled());
        view.put("managedBy", state.managedBy());
        view.put("settings", WebsiteJson.tree(state.settings()));
        view.put("hasApiToken", state.hasApiToken());
        if (state.previousKeyUntil() != null) {
            view.put("previousKeyValidUntil", state.previousKeyUntil().toString());
        }
        if (state.previousApiTokenUntil() != null) {
            view.put("previousApiTokenValidUntil", state.previousApiTokenUntil().toString());
        }
        return view;
    }
}
