package org.opensirelay.returns.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.opensirelay.returns.OrderReturnsService;
import org.opensirelay.returns.domain.JsonFields;
import org.opensirelay.returns.domain.MinorUnits;
import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReturnItems;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.opensirelay.returns.domain.ReturnRequest;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google's Content API {@code orderreturns}, on the relay's returns, for marketplace connectors and
 * the merchant tools built around that API: list, get, acknowledge, createOrderReturn, process.
 */
@RestController
@RequestMapping("/api/v1/websites/{code}/orderreturns")
class OrderReturnsApi {

    private static final Set<String> RETURN_METHODS =
            Set.of("byMail", "contactCustomerSupport", "returnless", "inStore");
    /** Keys sorted, so that the same body written in another key order is the same operation. */
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final WebsiteRegistry websites;
    private final OrderReturnsService orderReturns;

    OrderReturnsApi(WebsiteRegistry websites, OrderReturnsService orderReturns) {
        this.websites = websites;
        this.orderReturns = orderReturns;
    }

    @GetMapping
    Map<String, Object> list(
            @PathVariable String code,
            @RequestParam(required = false) Boolean acknowledged,
            @RequestParam(required = false) String createdStartDate,
            @RequestParam(required = false) String createdEndDate,
            @RequestParam(defaultValue = "RETURN_CREATION_TIME_DESC") String orderBy,
            @RequestParam(defaultValue = "" + OrderReturnsService.DEFAULT_PAGE) int maxResults,
            @RequestParam(required = false) String pageToken,
            @RequestParam(required = false) List<String> status) {
        Website website = website(code);
        if (maxResults < 1 || maxResults > OrderReturnsService.MAX_PAGE) {
            throw bad(
                    "INVALID_MAX_RESULTS",
                    "/maxResults",
                    "maxResults must be from 1 to " + OrderReturnsService.MAX_PAGE + " (default "
                            + OrderReturnsService.DEFAULT_PAGE + "); " + maxResults + " is not");
        }
        if (!orderBy.equals("RETURN_CREATION_TIME_DESC") && !orderBy.equals("RETURN_CREATION_TIME_ASC")) {
            throw bad(
                    "INVALID_ORDER_BY",
                    "/orderBy",
                    "orderBy must be RETURN_CREATION_TIME_DESC or RETURN_CREATION_TIME_ASC");
        }
        List<ReturnStatus> statuses = new ArrayList<>();
        for (String each : status == null ? List.<String>of() : status) {
            for (String name : each.split(",")) {
                try {
                    statuses.add(ReturnStatus.valueOf(name.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw bad(
                            "INVALID_STATUS",
                            "/status",
                            "status must be among " + java.util.Arrays.toString(ReturnStatus.values()));
                }
            }
        }
        OrderReturnsService.Filter filter = new OrderReturnsService.Filter(
                acknowledged, start(createdStartDate), end(createdEndDate), statuses, orderBy.endsWith("DESC"));
        OrderReturnsService.Page page = orderReturns.list(website, filter, pageToken, maxResults);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", "content#orderreturnsListResponse");
        answer.put("resources", page.resources());
        answer.put("nextPageToken", page.nextPageToken());
        return answer;
    }

    @GetMapping("/{orderReturnId}")
    Map<String, Object> get(@PathVariable String code, @PathVariable String orderReturnId) {
        return orderReturns
                .get(website(code), orderReturnId)
                .orElseThrow(() -> new ReturnRefusedException(
                        404,
                        "UNKNOWN_RETURN",
                        "no such return",
                        List.of(Problem.of("UNKNOWN_RETURN", "", "no order return " + orderReturnId))));
    }

    @PostMapping("/{orderReturnId}/acknowledge")
    Map<String, Object> acknowledge(
            @PathVariable String code,
            @PathVariable String orderReturnId,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest http) {
        String operationId = operationId(body);
        String status = orderReturns.acknowledge(website(code), orderReturnId, operationId, side(http));
        return written("content#orderreturnsAcknowledgeResponse", status);
    }

    @PostMapping("/createOrderReturn")
    ResponseEntity<Map<String, Object>> create(
            @PathVariable String code, @RequestBody(required = false) JsonNode body) {
        Website website = website(code);
        List<Problem> problems = new ArrayList<>();
        String operationId = required(body, "operationId", 128, "/operationId", problems);
        String orderId = required(body, "orderId", 20, "/orderId", problems);
        String method = required(body, "returnMethodType", 32, "/returnMethodType", problems);
        if (method != null && !RETURN_METHODS.contains(method)) {
            problems.add(Problem.of(
                    "INVALID_FIELD", "/returnMethodType", "returnMethodType must be one of " + RETURN_METHODS));
        }
        List<ReturnRequest.Line> lines = new ArrayList<>();
        JsonNode items = body == null ? null : body.get("lineItems");
        if (items == null || !items.isArray() || items.isEmpty()) {
            problems.add(Problem.of("INVALID_FIELD", "/lineItems", "lineItems must be a non-empty array"));
        } else {
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String at = "/lineItems/" + i;
                String lineItemId = JsonFields.text(item, "lineItemId", 64, false, at + "/lineItemId", problems);
                String productId = JsonFields.text(item, "productId", 64, false, at + "/productId", problems);
                if (lineItemId == null && productId == null) {
                    problems.add(Problem.of("INVALID_FIELD", at, "each line item needs a lineItemId or a productId"));
                    continue;
                }
                Integer quantity = JsonFields.wholeNumber(item, "quantity", 1, 100_000, at + "/quantity", problems);
                if (quantity != null) {
                    boolean gtin = productId != null && productId.matches("[0-9]{8,14}");
                    lines.add(new ReturnRequest.Line(lineItemId, productId, gtin ? productId : null, quantity, null));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ReturnRefusedException(422, "INVALID_REQUEST", "the request is not valid", problems);
        }
        ReturnRequest request =
                new ReturnRequest(orderId, null, "google", null, "created by the merchant (" + method + ")", lines);
        OrderReturnsService.Created created = orderReturns.create(
                website, request, operationId, method, OrderReturnsService.hash("createOrderReturn", canonical(body)));
        Map<String, Object> answer =
                written("content#orderreturnsCreateOrderReturnResponse", created.executionStatus());
        answer.put("orderReturn", created.orderReturn());
        return ResponseEntity.status(OrderReturnsService.EXECUTED.equals(created.executionStatus()) ? 201 : 200)
                .body(answer);
    }

    @PostMapping("/{orderReturnId}/process")
    Map<String, Object> process(
            @PathVariable String code,
            @PathVariable String orderReturnId,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest http) {
        Website website = website(code);
        List<Problem> problems = new ArrayList<>();
        String operationId = required(body, "operationId", 128, "/operationId", problems);
        List<ReturnItems.Action> actions = new ArrayList<>();
        String paymentType = null;
        String reasonText = null;
        JsonNode items = body == null ? null : body.get("returnItems");
        if (items == null || !items.isArray() || items.isEmpty()) {
            problems.add(Problem.of("INVALID_FIELD", "/returnItems", "returnItems must be a non-empty array"));
        } else {
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String at = "/returnItems/" + i;
                String itemId = JsonFields.text(item, "returnItemId", 48, true, at + "/returnItemId", problems);
                JsonNode refund = item.get("refund");
                JsonNode reject = item.get("reject");
                if ((refund == null) == (reject == null)) {
                    problems.add(Problem.of("INVALID_FIELD", at, "each return item needs either refund or reject"));
                    continue;
                }
                if (reject != null) {
                    String reason = JsonFields.text(reject, "reason", 64, true, at + "/reject/reason", problems);
                    actions.add(new ReturnItems.Action(itemId, false, null, null, null, true, reason));
                    continue;
                }
                paymentType = paymentType != null
                        ? paymentType
                        : JsonFields.text(refund, "paymentType", 32, false, at + "/refund/paymentType", problems);
                reasonText = reasonText != null
                        ? reasonText
                        : JsonFields.freeText(refund, "reasonText", 1000, at + "/refund/reasonText", problems);
                String refundReason = JsonFields.text(
                        refund, "returnRefundReason", 64, false, at + "/refund/returnRefundReason", problems);
                JsonNode full = refund.get("fullRefund");
                JsonNode partial = refund.get("partialRefund");
                if (full != null && full.isBoolean() && full.asBoolean() && partial == null) {
                    actions.add(new ReturnItems.Action(itemId, true, null, null, null, false, refundReason));
                } else if (partial != null && partial.isObject() && (full == null || !full.asBoolean())) {
                    Money price =
                            Money.read(partial.get("priceAmount"), at + "/refund/partialRefund/priceAmount", problems);
                    Money tax = Money.read(partial.get("taxAmount"), at + "/refund/partialRefund/taxAmount", problems);
                    if (price != null && tax != null) {
                        if (!price.currency().equals(tax.currency())) {
                            problems.add(Problem.of(
                                    "CURRENCY_MISMATCH",
                                    at + "/refund/partialRefund",
                                    "priceAmount and taxAmount must share a currency"));
                        } else if (price.value().signum() == 0 && tax.value().signum() == 0) {
                            problems.add(Problem.of(
                                    "INVALID_FIELD",
                                    at + "/refund/partialRefund",
                                    "a partial refund must refund something: priceAmount and taxAmount are both zero"));
                        } else {
                            actions.add(new ReturnItems.Action(
                                    itemId, false, price.value(), tax.value(), price.currency(), false, refundReason));
                        }
                    }
                } else {
                    problems.add(Problem.of(
                            "INVALID_FIELD", at + "/refund", "refund needs fullRefund: true or a partialRefund"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ReturnRefusedException(422, "INVALID_REQUEST", "the request is not valid", problems);
        }
        String shipping = body.has("refundShippingFee") || body.has("fullChargeReturnShippingCost")
                ? "shipping: refundShippingFee=" + body.get("refundShippingFee") + ", fullChargeReturnShippingCost="
                        + body.get("fullChargeReturnShippingCost")
                : null;
        OrderReturnsService.Process process =
                new OrderReturnsService.Process(operationId, actions, paymentType, reasonText, shipping);
        String status = orderReturns.process(
                website, orderReturnId, process, OrderReturnsService.hash("process", canonical(body)), side(http));
        return written("content#orderreturnsProcessResponse", status);
    }

    /** Google's Price: {"value": "12.50", "currency": "EUR"}, the value as decimal text. */
    record Money(java.math.BigDecimal value, String currency) {

        static Money read(JsonNode node, String pointer, List<Problem> problems) {
            if (node == null
                    || !node.isObject()
                    || node.get("value") == null
                    || !node.get("value").isString()
                    || !node.get("value").asString().matches("[0-9]{1,13}(\\.[0-9]{1,4})?")
                    || node.get("currency") == null
                    || !node.get("currency").isString()
                    || !node.get("currency").asString().matches("[A-Z]{3}")) {
                problems.add(Problem.of(
                        "NOT_DECIMAL_TEXT",
                        pointer,
                        "an amount is {\"value\": \"12.50\", \"currency\": \"EUR\"}: decimal text, never a number"));
                return null;
            }
            Money money = new Money(
                    new java.math.BigDecimal(node.get("value").asString()),
                    node.get("currency").asString());
            String wrong = MinorUnits.problem(money.value(), money.currency()).orElse(null);
            if (wrong != null) {
                problems.add(Problem.of("INVALID_FIELD", pointer, wrong));
                return null;
            }
            return money;
        }
    }

    /** A required text field of the body (null, and a problem, when the body is not an object or lacks it). */
    private static String required(JsonNode body, String field, int max, String pointer, List<Problem> problems) {
        if (body == null || !body.isObject()) {
            problems.add(Problem.of("INVALID_FIELD", pointer, field + " is required (the body must be a JSON object)"));
            return null;
        }
        return JsonFields.text(body, field, max, true, pointer, problems);
    }

    private static Map<String, Object> written(String kind, String executionStatus) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", kind);
        answer.put("executionStatus", executionStatus);
        return answer;
    }

    private static String operationId(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        String operationId = required(body, "operationId", 128, "/operationId", problems);
        if (operationId == null) {
            throw new ReturnRefusedException(
                    422,
                    "INVALID_REQUEST",
                    "operationId is required",
                    problems.isEmpty()
                            ? List.of(Problem.of("INVALID_FIELD", "/operationId", "operationId is required"))
                            : problems);
        }
        return operationId;
    }

    private static String canonical(JsonNode body) {
        return CANONICAL.writeValueAsString(CANONICAL.treeToValue(body, Object.class));
    }

    private static Side side(HttpServletRequest http) {
        return http.getAttribute(ReturnsApi.SIDE) == Side.OPERATOR ? Side.OPERATOR : Side.MARKETPLACE;
    }

    /** createdStartDate: a date (from its first instant, UTC) or an instant; inclusive. */
    private static Instant start(String value) {
        return value == null
                ? null
                : value.length() == 10
                        ? date(value, "createdStartDate").atStartOfDay().toInstant(ZoneOffset.UTC)
                        : instant(value, "createdStartDate");
    }

    /** createdEndDate: a date (the whole day, UTC) or an instant; inclusive. */
    private static Instant end(String value) {
        return value == null
                ? null
                : value.length() == 10
                        ? date(value, "createdEndDate")
                                .plusDays(1)
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC)
                        : instant(value, "createdEndDate").plusNanos(1);
    }

    private static LocalDate date(String value, String name) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw bad("INVALID_DATE", "/" + name, name + " must be a date YYYY-MM-DD or an ISO-8601 instant");
        }
    }

    private static Instant instant(String value, String name) {
        return JsonFields.instant(value)
                .orElseThrow(() -> bad(
                        "INVALID_DATE",
                        "/" + name,
                        name + " must be a date YYYY-MM-DD or an ISO-8601 instant in the years 1 to 9999"));
    }

    private static ReturnRefusedException bad(String code, String pointer, String detail) {
        return new ReturnRefusedException(400, code, detail, List.of(Problem.of(code, pointer, detail)));
    }

    private Website website(String code) {
        return websites.website(code)
                .orElseThrow(() -> new ReturnRefusedException(
                        404,
                        "UNKNOWN_WEBSITE",
                        "no such website",
                        List.of(Problem.of("UNKNOWN_WEBSITE", "", "no active website " + code))));
    }
}
