package org.opensirelay.returns.api;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.opensirelay.returns.OrderReturnsService;
import org.opensirelay.returns.Orders;
import org.opensirelay.returns.ReturnChanges;
import org.opensirelay.returns.ReturnQueries;
import org.opensirelay.returns.ReturnRequests;
import org.opensirelay.returns.domain.ChannableStatus;
import org.opensirelay.returns.domain.OrderJson;
import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReturnPolicies;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.opensirelay.returns.domain.ReturnRequest;
import org.opensirelay.returns.domain.ReturnState;
import org.opensirelay.returns.domain.ReturnStateMachine;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The REST API of orders and returns, per website, for shop plugins, marketplace connectors and
 * operators (the website's API token, or the admin token). Errors are {@code application/problem+json}
 * with a stable {@code code} and every problem found.
 */
@RestController
@RequestMapping("/api/v1/websites/{code}")
class ReturnsApi {

    /** Set by the access filter: who is calling (SHOP for a website's token, OPERATOR for the admin token). */
    static final String SIDE = "relay.side";

    private static final int MAX_PAGE = 500;

    private final WebsiteRegistry websites;
    private final Orders orders;
    private final ReturnRequests requests;
    private final ReturnQueries returns;
    private final ReturnChanges changes;
    private final OrderReturnsService orderReturns;
    private final JsonBodies bodies;

    ReturnsApi(
            WebsiteRegistry websites,
            Orders orders,
            ReturnRequests requests,
            ReturnQueries returns,
            ReturnChanges changes,
            OrderReturnsService orderReturns,
            JsonBodies bodies) {
        this.websites = websites;
        this.orders = orders;
        this.requests = requests;
        this.returns = returns;
        this.changes = changes;
        this.orderReturns = orderReturns;
        this.bodies = bodies;
    }

    /** A registered order as answered: whether this call created, updated or left it, and its version. */
    record OrderAnswer(String result, int version, OrderJson.Stored order) {

        static OrderAnswer of(Orders.RegisteredOrder registered) {
            return new OrderAnswer(
                    registered.outcome().name().toLowerCase(Locale.ROOT),
                    registered.version(),
                    OrderJson.write(registered.order()));
        }
    }

    /** The Merchant API's list of a website's return policies. */
    record ReturnPolicyList(List<OnlineReturnPolicy> onlineReturnPolicies) {}

    /** Channable's answer to an outcome: {@code success} and what the return is now. */
    record ChannableAnswer(String status, String message) {}

    /** {@code {"state": "accepted"}}: one of our state names. */
    record StateChange(String state) {}

    /** {@code {"status": "accepted"}}: one of Channable's outcome names. */
    record ChannableOutcome(String status) {}

    @PutMapping("/orders/{webOrderNumber}")
    ResponseEntity<OrderAnswer> registerOrder(
            @PathVariable String code,
            @PathVariable String webOrderNumber,
            @RequestBody(required = false) JsonNode body) {
        Website website = website(code);
        OrderBody order = bodies.read(
                body,
                OrderBody.class,
                "INVALID_ORDER",
                "the order is not valid",
                OrderBody.pathProblems(webOrderNumber));
        Orders.RegisteredOrder registered = orders.registerOrder(website, order.toOrder(webOrderNumber));
        return ResponseEntity.status(
                        registered.outcome() == Orders.OrderOutcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .body(OrderAnswer.of(registered));
    }

    @GetMapping("/orders/{webOrderNumber}")
    OrderAnswer order(@PathVariable String code, @PathVariable String webOrderNumber) {
        return orders.order(website(code), webOrderNumber)
                .map(OrderAnswer::of)
                .orElseThrow(() -> ReturnRefusedException.of(
                        404, "UNKNOWN_ORDER", "no such order", "", "order " + webOrderNumber + " is not registered"));
    }

    @PostMapping("/returns")
    ResponseEntity<ReturnView> requestReturn(
            @PathVariable String code,
            @RequestBody(required = false) JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            HttpServletRequest http) {
        Website website = website(code);
        ReturnRequest request = bodies.read(
                        body, ReturnRequestBody.class, "INVALID_REQUEST", "the return request is not valid")
                .toRequest();
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 128)) {
            throw ReturnRefusedException.of(
                    400,
                    "INVALID_IDEMPOTENCY_KEY",
                    "the Idempotency-Key is not valid",
                    "",
                    "Idempotency-Key must have 1 to 128 characters");
        }
        // The timeline says who asked: the shop, a marketplace (any other source), or an operator.
        Side side;
        if ("shop".equals(request.source())) {
            side = Side.SHOP;
        } else if ("operator".equals(request.source()) && http.getAttribute(SIDE) == Side.OPERATOR) {
            side = Side.OPERATOR;
        } else {
            side = Side.MARKETPLACE;
        }
        ReturnRequests.Requested requested = requests.requestReturn(website, request, idempotencyKey, side);
        return ResponseEntity.created(URI.create("/api/v1/websites/" + code + "/returns/"
                        + requested.returned().webReturnNumber()))
                .header("Idempotent-Replayed", String.valueOf(requested.replayed()))
                .body(requested.returned());
    }

    @GetMapping("/returns/{webReturnNumber}")
    ReturnView getReturn(@PathVariable String code, @PathVariable String webReturnNumber) {
        return returns.find(website(code), webReturnNumber)
                .orElseThrow(() -> ReturnRefusedException.of(
                        404,
                        "UNKNOWN_RETURN",
                        "no such return",
                        "",
                        "no return " + webReturnNumber + " on website " + code));
    }

    /**
     * Returns by last change, oldest first, {@code limit} at a time (default 100): keep {@code nextCursor}
     * to read on. {@code status}, {@code modifiedSince} (inclusive) and {@code modifiedBefore} (exclusive)
     * filter; {@code asOf} is where a poller's next {@code modifiedSince} starts.
     */
    @GetMapping("/returns")
    ReturnQueries.Page listReturns(
            @PathVariable String code,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String modifiedSince,
            @RequestParam(required = false) String modifiedBefore,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        Website website = website(code);
        ReturnStatus wanted = status == null
                ? null
                : ReturnStatus.parse(status)
                        .orElseThrow(() -> ReturnRefusedException.of(
                                400,
                                "INVALID_STATUS",
                                "unknown status",
                                "/status",
                                "status must be one of " + Arrays.toString(ReturnStatus.values())));
        Instant since = instant(modifiedSince, "modifiedSince");
        Instant before = instant(modifiedBefore, "modifiedBefore");
        if (limit < 1 || limit > MAX_PAGE) {
            throw ReturnRefusedException.of(
                    400, "INVALID_LIMIT", "limit out of range", "/limit", "limit must be from 1 to " + MAX_PAGE);
        }
        return returns.list(website, wanted, since, before, cursor, limit);
    }

    private static Instant instant(String value, String name) {
        if (value == null) {
            return null;
        }
        return QueryInstants.parse(value)
                .orElseThrow(() -> ReturnRefusedException.of(
                        400,
                        "INVALID_INSTANT",
                        name + " is not an instant",
                        "/" + name,
                        name + " must be an ISO-8601 instant such as 2026-11-23T10:00:00Z,"
                                + " in the years 1 to 9999"));
    }

    /**
     * A state change from the shop (a website's token) or an operator (the admin token): {@code state}
     * is one of our names. A change the state machine refuses is a 409, and stays on the timeline.
     */
    @PostMapping("/returns/{webReturnNumber}/state")
    ReturnView changeState(
            @PathVariable String code,
            @PathVariable String webReturnNumber,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest http) {
        Website website = website(code);
        String raw = bodies.read(body, StateChange.class, "UNKNOWN_STATE", "unknown state")
                .state();
        ReturnState target = ReturnState.parse(raw)
                .orElseThrow(() -> ReturnRefusedException.of(
                        422, "UNKNOWN_STATE", "unknown state", "/state", "state must be one of " + ReturnState.NAMES));
        return changes.changeState(website, webReturnNumber, target, caller(http), raw)
                .returned();
    }

    /**
     * The website's return policy as the Merchant API lists them ({@code onlineReturnPolicies}): one,
     * made from the rules the relay judges return requests by.
     */
    @GetMapping("/onlineReturnPolicies")
    ReturnPolicyList returnPolicies(@PathVariable String code) {
        return new ReturnPolicyList(List.of(OnlineReturnPolicy.of(website(code))));
    }

    @GetMapping("/onlineReturnPolicies/{returnPolicyId}")
    OnlineReturnPolicy returnPolicy(@PathVariable String code, @PathVariable String returnPolicyId) {
        Website website = website(code);
        if (!ReturnPolicies.POLICY_ID.equals(returnPolicyId)) {
            throw ReturnRefusedException.of(
                    404,
                    "UNKNOWN_POLICY",
                    "no such return policy",
                    "",
                    "website " + code + " has one return policy, '" + ReturnPolicies.POLICY_ID + "', not '"
                            + returnPolicyId + "'");
        }
        return OnlineReturnPolicy.of(website);
    }

    /**
     * The parcel's label and tracking (the shop, a carrier tool, an operator): {@code carrier} and
     * {@code trackingNumber} required, {@code labelUrl} (http or https) optional. Every problem is
     * listed at once; the same label again changes nothing.
     */
    @PutMapping("/returns/{webReturnNumber}/label")
    ReturnView attachLabel(
            @PathVariable String code,
            @PathVariable String webReturnNumber,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest http) {
        Website website = website(code);
        ReturnView.Label label = bodies.read(body, LabelBody.class, "INVALID_FIELD", "the label is not valid")
                .toLabel();
        return changes.attachLabel(website, webReturnNumber, label, caller(http));
    }

    /**
     * Channable's outcomes, with its exact spellings, for marketplace returns: the return goes
     * through the states the outcome implies. {@code 200 {"status": "success", "message"}}; a change
     * the machine refuses is a {@code 409}, an unknown value a {@code 422}.
     */
    @PostMapping("/returns/{webReturnNumber}/status")
    ChannableAnswer channableStatus(
            @PathVariable String code,
            @PathVariable String webReturnNumber,
            @RequestBody(required = false) JsonNode body) {
        Website website = website(code);
        String raw = bodies.read(body, ChannableOutcome.class, "UNKNOWN_STATUS", "unknown status")
                .status();
        ReturnState outcome = ChannableStatus.outcome(raw)
                .orElseThrow(() -> ReturnRefusedException.of(
                        422,
                        "UNKNOWN_STATUS",
                        "unknown status",
                        "/status",
                        "status must be one of " + ChannableStatus.SETTABLE + " (Channable's spellings)"));
        ReturnChanges.Change change = orderReturns.marketplaceOutcome(website, webReturnNumber, outcome, raw);
        return new ChannableAnswer(
                "success",
                change.verdict() instanceof ReturnStateMachine.Verdict.Unchanged
                        ? "return " + webReturnNumber + " already is " + raw
                        : "return " + webReturnNumber + " is now "
                                + change.returned().status()
                                + (change.returned().resolution() == null
                                        ? ""
                                        : " " + change.returned().resolution()));
    }

    /**
     * The API's one refusal: problem+json (RFC 9457) with a stable {@code code} and every
     * {@code problems} entry (code, JSON pointer, detail and what the rule measured).
     */
    static ProblemDetail problem(int status, String code, String title, List<Problem> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatusCode.valueOf(status),
                problems.isEmpty()
                        ? title
                        : problems.get(0).detail()
                                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        problem.setTitle(title);
        problem.setProperty("code", code);
        problem.setProperty(
                "problems",
                problems.stream()
                        .map(p -> {
                            Map<String, Object> one = new LinkedHashMap<>();
                            one.put("code", p.code());
                            one.put("pointer", p.pointer());
                            one.put("detail", p.detail());
                            one.putAll(p.values());
                            return one;
                        })
                        .toList());
        return problem;
    }

    /** Who is calling, as the access filter found: the shop (a website's token) or an operator. */
    private static Side caller(HttpServletRequest http) {
        return http.getAttribute(SIDE) instanceof Side caller ? caller : Side.SHOP;
    }

    private Website website(String code) {
        return ApiWebsites.active(websites, code);
    }
}
