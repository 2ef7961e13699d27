package org.opensirelay.returns.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.opensirelay.returns.OrderReturnsService;
import org.opensirelay.returns.domain.ReturnRefusedException;
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

    /** Keys sorted, so that the same body written in another key order is the same operation. */
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final WebsiteRegistry websites;
    private final OrderReturnsService orderReturns;
    private final JsonBodies bodies;

    OrderReturnsApi(WebsiteRegistry websites, OrderReturnsService orderReturns, JsonBodies bodies) {
        this.websites = websites;
        this.orderReturns = orderReturns;
        this.bodies = bodies;
    }

    /** What Google answers a list with: a kind, a page of resources, and where to read on. */
    record ListAnswer(String kind, List<MerchantOrderReturn> resources, String nextPageToken) {}

    /** What Google answers an operation with; {@code orderReturn} only for createOrderReturn. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OperationAnswer(String kind, String executionStatus, MerchantOrderReturn orderReturn) {}

    @GetMapping
    ListAnswer list(
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
                statuses.add(ReturnStatus.parse(name)
                        .orElseThrow(() -> bad(
                                "INVALID_STATUS",
                                "/status",
                                "status must be among " + Arrays.toString(ReturnStatus.values()))));
            }
        }
        OrderReturnsService.Filter filter = new OrderReturnsService.Filter(
                acknowledged, start(createdStartDate), end(createdEndDate), statuses, orderBy.endsWith("DESC"));
        OrderReturnsService.Page page = orderReturns.list(website, filter, pageToken, maxResults);
        return new ListAnswer(
                "content#orderreturnsListResponse", MerchantOrderReturn.of(page.returns()), page.nextPageToken());
    }

    @GetMapping("/{orderReturnId}")
    MerchantOrderReturn get(@PathVariable String code, @PathVariable String orderReturnId) {
        return orderReturns
                .get(website(code), orderReturnId)
                .map(MerchantOrderReturn::of)
                .orElseThrow(() -> ReturnRefusedException.of(
                        404, "UNKNOWN_RETURN", "no such return", "", "no order return " + orderReturnId));
    }

    @PostMapping("/{orderReturnId}/acknowledge")
    OperationAnswer acknowledge(
            @PathVariable String code,
            @PathVariable String orderReturnId,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest http) {
        Website website = website(code);
        String operationId = bodies.read(
                        body, OrderReturnBodies.Operation.class, "INVALID_REQUEST", "operationId is required")
                .operationId();
        String status = orderReturns.acknowledge(website, orderReturnId, operationId, side(http));
        return new OperationAnswer("content#orderreturnsAcknowledgeResponse", status, null);
    }

    @PostMapping("/createOrderReturn")
    ResponseEntity<OperationAnswer> create(@PathVariable String code, @RequestBody(required = false) JsonNode body) {
        Website website = website(code);
        OrderReturnBodies.Create create =
                bodies.read(body, OrderReturnBodies.Create.class, "INVALID_REQUEST", "the request is not valid");
        OrderReturnsService.Created created = orderReturns.create(
                website,
                create.toRequest(),
                create.operationId(),
                create.returnMethodType(),
                OrderReturnsService.hash("createOrderReturn", canonical(body)));
        return ResponseEntity.status(OrderReturnsService.EXECUTED.equals(created.executionStatus()) ? 201 : 200)
                .body(new OperationAnswer(
                        "content#orderreturnsCreateOrderReturnResponse",
                        created.executionStatus(),
                        MerchantOrderReturn.of(created.orderReturn())));
    }

    @PostMapping("/{orderReturnId}/process")
    OperationAnswer process(
            @PathVariable String code,
            @PathVariable String orderReturnId,
            @RequestBody(required = false) JsonNode body,
            HttpServletRequest http) {
        Website website = website(code);
        OrderReturnBodies.Process request =
                bodies.read(body, OrderReturnBodies.Process.class, "INVALID_REQUEST", "the request is not valid");
        OrderReturnsService.Process process = new OrderReturnsService.Process(
                request.operationId(),
                request.actions(),
                request.paymentType(),
                request.reasonText(),
                request.shipping());
        String status = orderReturns.process(
                website, orderReturnId, process, OrderReturnsService.hash("process", canonical(body)), side(http));
        return new OperationAnswer("content#orderreturnsProcessResponse", status, null);
    }

    static String canonical(JsonNode body) {
        return CANONICAL.writeValueAsString(CANONICAL.treeToValue(body, Object.class));
    }

    private static Side side(HttpServletRequest http) {
        return http.getAttribute(ReturnsApi.SIDE) == Side.OPERATOR ? Side.OPERATOR : Side.MERCHANT_TOOL;
    }

    /** createdStartDate: a date (from its first instant, UTC) or an instant; inclusive. */
    static Instant start(String value) {
        return value == null
                ? null
                : value.length() == 10
                        ? date(value, "createdStartDate").atStartOfDay().toInstant(ZoneOffset.UTC)
                        : instant(value, "createdStartDate");
    }

    /** createdEndDate: a date (the whole day, UTC) or an instant; inclusive. */
    static Instant end(String value) {
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
        return QueryInstants.parse(value)
                .orElseThrow(() -> bad(
                        "INVALID_DATE",
                        "/" + name,
                        name + " must be a date YYYY-MM-DD or an ISO-8601 instant in the years 1 to 9999"));
    }

    private static ReturnRefusedException bad(String code, String pointer, String detail) {
        return ReturnRefusedException.of(400, code, detail, pointer, detail);
    }

    private Website website(String code) {
        return ApiWebsites.active(websites, code);
    }
}
