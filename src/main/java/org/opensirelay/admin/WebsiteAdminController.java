package org.opensirelay.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.opensirelay.access.AdminProblemException;
import org.opensirelay.access.AdminProblems;
import org.opensirelay.access.AdminToken;
import org.opensirelay.website.RotationOverlap;
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
    ResponseEntity<WebsiteView> create(@RequestBody(required = false) JsonNode body, HttpServletRequest request)
            throws WebsiteChangeRefused {
        WebsiteAdministration.Created created = administration.create(body, operator(request));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(view(created.website()).withSecrets(created.key(), created.apiToken()));
    }

    @GetMapping("/{code}")
    WebsiteView get(@PathVariable String code) {
        return view(state(code));
    }

    @PatchMapping(
            path = "/{code}",
            consumes = {"application/merge-patch+json", "application/json"})
    WebsiteView update(
            @PathVariable String code, @RequestBody(required = false) JsonNode patch, HttpServletRequest request)
            throws WebsiteChangeRefused {
        return view(administration.update(code, patch, operator(request)));
    }

    @PostMapping("/{code}/disable")
    WebsiteView disable(@PathVariable String code, HttpServletRequest request) throws WebsiteChangeRefused {
        return view(administration.disable(code, operator(request)));
    }

    @PostMapping("/{code}/enable")
    WebsiteView enable(@PathVariable String code, HttpServletRequest request) throws WebsiteChangeRefused {
        return view(administration.enable(code, operator(request)));
    }

    @DeleteMapping("/{code}")
    ResponseEntity<Void> delete(@PathVariable String code, HttpServletRequest request) throws WebsiteChangeRefused {
        administration.delete(code, operator(request));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{code}/key")
    Rotated rotateKey(
            @PathVariable String code, @RequestBody(required = false) RotationRequest body, HttpServletRequest request)
            throws WebsiteChangeRefused {
        RotationRequest asked = body == null ? new RotationRequest(null, null, null) : body;
        WebsiteAdministration.Rotated rotated =
                administration.rotateKey(code, asked.key(), until(asked), operator(request));
        return new Rotated(
                rotated.code(),
                rotated.secret(),
                null,
                rotated.previousValidUntil().toString());
    }

    @PostMapping("/{code}/api-token")
    Rotated rotateApiToken(
            @PathVariable String code, @RequestBody(required = false) RotationRequest body, HttpServletRequest request)
            throws WebsiteChangeRefused {
        RotationRequest asked = body == null ? new RotationRequest(null, null, null) : body;
        WebsiteAdministration.Rotated rotated =
                administration.rotateApiToken(code, asked.key(), until(asked), operator(request));
        return new Rotated(
                rotated.code(),
                null,
                rotated.secret(),
                rotated.previousValidUntil().toString());
    }

    @GetMapping("/{code}/changes")
    Changes changes(@PathVariable String code, @RequestParam(defaultValue = "100") int limit) {
        return new Changes(code, administration.changes(code, limit));
    }

    @ExceptionHandler(WebsiteChangeRefused.class)
    ResponseEntity<ProblemDetail> refused(WebsiteChangeRefused e) {
        ResponseEntity<ProblemDetail> answer = AdminProblems.problem(e.status(), e.code(), e.getMessage());
        answer.getBody().setProperty("errors", e.problems());
        return answer;
    }

    /** The cut-over asked for, under the one rule of the API and the console ({@link RotationOverlap}). */
    private Instant until(RotationRequest asked) throws WebsiteChangeRefused {
        return RotationOverlap.until(
                asked.previousValidUntil(),
                "previousValidUntil",
                asked.previousValidFor(),
                "previousValidFor",
                clock.instant());
    }

    private WebsiteState state(String code) {
        return websites.state(code)
                .orElseThrow(() -> new AdminProblemException(404, "UNKNOWN_WEBSITE", "no website '" + code + "'"));
    }

    private static String operator(HttpServletRequest request) {
        Object name = request.getAttribute(AdminToken.OPERATOR);
        return name == null ? AdminToken.DEFAULT_NAME : name.toString();
    }

    /**
     * A website as the API shows it: its settings and state, never a key, token or password — but
     * for the key and API token the relay generated on creation, shown in that one answer.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebsiteView(
            String code,
            boolean enabled,
            String managedBy,
            JsonNode settings,
            boolean hasApiToken,
            String previousKeyValidUntil,
            String previousApiTokenValidUntil,
            String key,
            String apiToken) {

        WebsiteView withSecrets(String key, String apiToken) {
            return new WebsiteView(
                    code,
                    enabled,
                    managedBy,
                    settings,
                    hasApiToken,
                    previousKeyValidUntil,
                    previousApiTokenValidUntil,
                    key,
                    apiToken);
        }
    }

    /** A website's audit, newest first. */
    record Changes(String website, List<WebsiteAdministration.Change> changes) {}

    /** A rotation's answer: the new secret when the relay generated it, and until when the previous one works. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rotated(String website, String key, String apiToken, String previousValidUntil) {}

    static WebsiteView view(WebsiteState state) {
        return new WebsiteView(
                state.website().code(),
                state.enabled(),
                state.managedBy(),
                WebsiteJson.tree(state.settings()),
                state.hasApiToken(),
                state.previousKeyUntil() == null
                        ? null
                        : state.previousKeyUntil().toString(),
                state.previousApiTokenUntil() == null
                        ? null
                        : state.previousApiTokenUntil().toString(),
                null,
                null);
    }
}
