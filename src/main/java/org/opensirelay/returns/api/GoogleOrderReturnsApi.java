package org.opensirelay.returns.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.opensirelay.returns.OrderReturnsService;
import org.opensirelay.returns.ReturnChanges;
import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Google's Content API v2.1 {@code orderreturns} at Google's own paths, so that a tool built on
 * Google's generated client works against the relay with only its root URL and token changed:
 * {@code /content/v2.1/{merchantId}/orderreturns} (list), {@code …/{returnId}} (get), {@code
 * …/{returnId}/acknowledge}, {@code …/createOrderReturn}, {@code …/{returnId}/process}, {@code
 * …/{returnId}/labels}. The merchant id names the website ({@code google.merchant-id}); every method
 * runs on the same returns, refunds, labels and operation ids as the relay's own API
 * ({@link OrderReturnsService}, {@link ReturnChanges}), only the wire shape is Google's.
 */
@RestController
@RequestMapping(GoogleAccessFilter.PREFIX + "/{merchantId}/orderreturns")
class GoogleOrderReturnsApi {

    /** The rule code of a request for something Google's API did that the relay does not. */
    static final String UNSUPPORTED = "NOT_SUPPORTED_BY_RELAY";

    /** Google's list parameters the relay does not filter by: refused, never ignored (a filter ignored returns too much). */
    private static final List<String> UNSUPPORTED_FILTERS =
            List.of("googleOrderIds", "shipmentTrackingNumbers", "shipmentTypes", "shipmentStatus");

    private static final Set<String> SHIPMENT_STATES =
            Set.of("new", "pending", "shipped", "completed", "undeliverable");

    private final WebsiteRegistry websites;
    private final OrderReturnsService orderReturns;
    private final ReturnChanges changes;
    private final JsonBodies bodies;

    GoogleOrderReturnsApi(
            WebsiteRegistry websites, OrderReturnsService orderReturns, ReturnChanges changes, JsonBodies bodies) {
        this.websites = websites;
        this.orderReturns = orderReturns;
        this.changes = changes;
        this.bodies = bodies;
    }

    /** {@code OrderreturnsListResponse}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ListResponse(String kind, List<GoogleOrderReturn> resources, String nextPageToken) {}

    /** {@code OrderreturnsAcknowledgeResponse}, {@code …ProcessResponse}, {@code …CreateOrderReturnResponse}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OperationResponse(String kind, String executionStatus, GoogleOrderReturn orderReturn) {}

    /** {@code ReturnShippingLabel}: the merchant's own label for the return parcel. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReturnShippingLabel(String carrier, String labelUri, String trackingId) {}

    /** The label body by the relay's label rules, under Google's names. */
    record LabelRequest(
            @jakarta.validation.constraints.NotNull(message = "is required") @OneLine(max = 64)
            String carrier,

            @jakarta.validation.constraints.NotNull(message = "is required") @OneLine(max = 64)
            String trackingId,

            @OneLine(max = 2000)
            @jakarta.validation.constraints.Pattern(regexp = "https?://.*", message = "must be an http or https URL")
            String labelUri) {}

    @GetMapping
    ListResponse list(
            @PathVariable String merchantId,
            @RequestParam(required = false) Boolean acknowledged,
            @RequestParam(required = false) String createdStartDate,
            @RequestParam(required = false) String createdEndDate,
            @RequestParam(defaultValue = "RETURN_CREATION_TIME_DESC") String orderBy,
            @RequestParam(defaultValue = "" + OrderReturnsService.DEFAULT_PAGE) int maxResults,
            @RequestParam(required = false) String pageToken,
            @RequestParam(required = false) List<String> shipmentStates,
            @RequestParam MultiValueMap<String, String> parameters) {
        Website website = website(merchantId);
        List<Problem> problems = new ArrayList<>();
        for (String name : UNSUPPORTED_FILTERS) {
            if (parameters.containsKey(name)) {
                problems.add(Problem.of(
                        UNSUPPORTED,
                        "/" + name,
                        name + " is not supported by this relay: it lists returns by acknowledged, createdStartDate,"
                                + " createdEndDate and shipmentStates (see docs/google-orderreturns.md)"));
            }
        }
        if (maxResults < 1 || maxResults > OrderReturnsService.MAX_PAGE) {
            problems.add(Problem.of(
                    "INVALID_MAX_RESULTS",
                    "/maxResults",
                    "maxResults must be from 1 to " + OrderReturnsService.MAX_PAGE + "; " + maxResults + " is not"));
        }
        if (!orderBy.equals("RETURN_CREATION_TIME_DESC") && !orderBy.equals("RETURN_CREATION_TIME_ASC")) {
            problems.add(Problem.of(
                    "INVALID_ORDER_BY",
                    "/orderBy",
                    "orderBy must be RETURN_CREATION_TIME_DESC or RETURN_CREATION_TIME_ASC"));
        }
        Set<ReturnStatus> statuses = new LinkedHashSet<>();
        boolean stateFilter = shipmentStates != null && !shipmentStates.isEmpty();
        for (String each : shipmentStates == null ? List.<String>of() : shipmentStates) {
            for (String state : each.split(",")) {
                if (!SHIPMENT_STATES.contains(state)) {
                    problems.add(Problem.of(
                            "INVALID_SHIPMENT_STATE",
                            "/shipmentStates",
                            "shipmentStates must be among " + new java.util.TreeSet<>(SHIPMENT_STATES) + "; '" + state
                                    + "' is not"));
                } else {
                    statuses.addAll(GoogleOrderReturn.statusesOf(state));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ReturnRefusedException(400, problems.get(0).code(), "the list request is not valid", problems);
        }
        if (stateFilter && statuses.isEmpty()) {
            // Only 'shipped' asked: the relay never knows a parcel in transit, so no return is in that state.
            return new ListResponse("content#orderreturnsListResponse", List.of(), null);
        }
        OrderReturnsService.Filter filter = new OrderReturnsService.Filter(
                acknowledged,
                OrderReturnsApi.start(createdStartDate),
                OrderReturnsApi.end(createdEndDate),
                List.copyOf(statuses),
                orderBy.endsWith("DESC"));
        OrderReturnsService.Page page = orderReturns.list(website, filter, pageToken, maxResults);
        return new ListResponse(
                "content#orderreturnsListResponse", GoogleOrderReturn.of(page.returns()), page.nextPageToken());
    }

    @GetMapping("/{returnId}")
    GoogleOrderReturn get(@PathVariable String merchantId, @PathVariable String returnId) {
        return orderReturns
                .get(website(merchantId), returnId)
                .map(GoogleOrderReturn::of)
                .orElseThrow(() -> unknownReturn(returnId));
    }

    @PostMapping("/{returnId}/acknowledge")
    OperationResponse acknowledge(
            @PathVariable String merchantId,
            @PathVariable String returnId,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest http) {
        Website website = website(merchantId);
        String operationId = read(body, OrderReturnBodies.Operation.class, "INVALID_REQUEST", "operationId is required")
                .operationId();
        String status = orderReturns.acknowledge(website, returnId, operationId, side(http));
        return new OperationResponse("content#orderreturnsAcknowledgeResponse", status, null);
    }

    /** Google answers 200 whether the operation was executed now or before ({@code duplicate}). */
    @PostMapping("/createOrderReturn")
    OperationResponse create(@PathVariable String merchantId, @RequestBody(required = false) JsonNode body) {
        Website website = website(merchantId);
        OrderReturnBodies.Create create =
                read(body, OrderReturnBodies.Create.class, "INVALID_REQUEST", "the request is not valid");
        OrderReturnsService.Created created = orderReturns.create(
                website,
                create.toRequest(),
                create.operationId(),
                create.returnMethodType(),
                OrderReturnsService.hash("createOrderReturn", OrderReturnsApi.canonical(body)));
        return new OperationResponse(
                "content#orderreturnsCreateOrderReturnResponse",
                created.executionStatus(),
                GoogleOrderReturn.of(created.orderReturn()));
    }

    @PostMapping("/{returnId}/process")
    OperationResponse process(
            @PathVariable String merchantId,
            @PathVariable String returnId,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest http) {
        Website website = website(merchantId);
        OrderReturnBodies.Process request =
                read(body, OrderReturnBodies.Process.class, "INVALID_REQUEST", "the request is not valid");
        shippingProblems(request);
        OrderReturnsService.Process process = new OrderReturnsService.Process(
                request.operationId(),
                request.actions(),
                request.paymentType(),
                request.reasonText(),
                request.shipping());
        String status = orderReturns.process(
                website,
                returnId,
                process,
                OrderReturnsService.hash("process", OrderReturnsApi.canonical(body)),
                side(http));
        return new OperationResponse("content#orderreturnsProcessResponse", status, null);
    }

    /**
     * {@code labels.create}: links the merchant's own label to the return. As at Google, a return has
     * one label and a linked label is not changed: the same label again answers it (a retry), another
     * is refused. The label is the relay's one label of the return (its {@code PUT …/label}).
     */
    @PostMapping("/{returnId}/labels")
    ReturnShippingLabel label(
            @PathVariable String merchantId,
            @PathVariable String returnId,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest http) {
        Website website = website(merchantId);
        LabelRequest label = read(body, LabelRequest.class, "INVALID_FIELD", "the label is not valid");
        ReturnView.Label linked = orderReturns
                .get(website, returnId)
                .orElseThrow(() -> unknownReturn(returnId))
                .view()
                .label();
        ReturnView.Label asked = new ReturnView.Label(label.labelUri(), label.carrier(), label.trackingId(), null);
        if (linked != null
                && !(Objects.equals(linked.labelUrl(), asked.labelUrl())
                        && Objects.equals(linked.carrier(), asked.carrier())
                        && Objects.equals(linked.trackingNumber(), asked.trackingNumber()))) {
            throw ReturnRefusedException.of(
                    422,
                    "LABEL_ALREADY_LINKED",
                    "a return label is already linked",
                    "",
                    "return " + returnId + " already has a label (" + linked.carrier() + " " + linked.trackingNumber()
                            + "): a linked return label cannot be updated");
        }
        ReturnView.Label now = linked != null
                ? linked
                : changes.attachLabel(website, returnId, asked, side(http)).label();
        return new ReturnShippingLabel(now.carrier(), now.labelUrl(), now.trackingNumber());
    }

    /**
     * The relay keeps no shipping fee of an order: a refund of it, or a charge of the return's
     * shipping to the customer, is something it cannot do, and is refused rather than answered
     * {@code executed} with no money moved. A refund of nothing (false, zero) is what was asked.
     */
    private static void shippingProblems(OrderReturnBodies.Process request) {
        List<Problem> problems = new ArrayList<>();
        JsonNode fee = request.refundShippingFee();
        if (fee != null && !fee.isNull() && refundsSomething(fee)) {
            problems.add(Problem.of(
                    UNSUPPORTED,
                    "/refundShippingFee",
                    "refunding the shipping fee is not supported by this relay: it keeps no shipping fee of an"
                            + " order; refund the items only, and the shipping fee where the order was paid"));
        }
        JsonNode charge = request.fullChargeReturnShippingCost();
        if (charge != null && charge.isBoolean() && charge.booleanValue()) {
            problems.add(Problem.of(
                    UNSUPPORTED,
                    "/fullChargeReturnShippingCost",
                    "charging the return shipping cost to the customer is not supported by this relay"));
        } else if (charge != null && !charge.isNull() && !charge.isBoolean()) {
            problems.add(Problem.of("INVALID_FIELD", "/fullChargeReturnShippingCost", "must be a boolean"));
        }
        if (!problems.isEmpty()) {
            throw new ReturnRefusedException(400, problems.get(0).code(), "the process request is not valid", problems);
        }
    }

    private static boolean refundsSomething(JsonNode fee) {
        if (fee.path("fullRefund").asBoolean(false)) {
            return true;
        }
        JsonNode partial = fee.path("partialRefund");
        for (String part : List.of("priceAmount", "taxAmount")) {
            String value = partial.path(part).path("value").asString("0");
            try {
                if (new BigDecimal(value).signum() != 0) {
                    return true;
                }
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    /**
     * A body by the relay's rules: a body that breaks them is Google's INVALID_ARGUMENT (400), every
     * problem one error, where the relay's own API says 422.
     */
    private <T> T read(JsonNode body, Class<T> type, String code, String title) {
        try {
            return bodies.read(body, type, code, title);
        } catch (ReturnRefusedException refused) {
            throw new ReturnRefusedException(400, refused.code(), refused.getMessage(), refused.problems());
        }
    }

    private static ReturnRefusedException unknownReturn(String returnId) {
        return ReturnRefusedException.of(404, "UNKNOWN_RETURN", "no such return", "", "no order return " + returnId);
    }

    private static Side side(HttpServletRequest http) {
        return http.getAttribute(ReturnsApi.SIDE) == Side.OPERATOR ? Side.OPERATOR : Side.MERCHANT_TOOL;
    }

    /** The access filter has found the website already; found again here, as the request is served. */
    private Website website(String merchantId) {
        return websites.websiteOfMerchant(merchantId)
                .orElseThrow(() -> ReturnRefusedException.of(
                        404, "UNKNOWN_MERCHANT", "no such merchant", "", "no website has merchant id " + merchantId));
    }
}
