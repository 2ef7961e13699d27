package org.opensirelay.returns.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * PrestaShop's return rules, made explicit and judged all at once: returns enabled for the website;
 * the order paid and shipped; delivered no more than {@code days} days ago (0 = no limit; an order
 * not delivered yet is within its period); a reason; every line found; each quantity above zero and
 * at most what was ordered less what this order's other returns (not rejected or cancelled) already
 * claim. Unlike PrestaShop, every problem is listed, and a refused or cancelled return gives its
 * quantities back.
 */
public final class Eligibility {

    private Eligibility() {}

    /** A request line matched to its order line. */
    public record MatchedLine(OrderSnapshot.Line orderLine, int quantity, String reasonCode) {}

    /** The lines matched, or the problems that refuse the request. */
    public record Verdict(List<MatchedLine> lines, List<Problem> problems) {

        public boolean eligible() {
            return problems.isEmpty();
        }
    }

    /**
     * @param settings  the website's return rules
     * @param order     the order, as last registered
     * @param request   the return request
     * @param claimed   per order line id, the quantity already claimed by this order's returns that hold quantities
     * @param today     today's date (UTC)
     */
    public static Verdict judge(
            ReturnSettings settings,
            OrderSnapshot order,
            ReturnRequest request,
            Map<String, Integer> claimed,
            LocalDate today) {
        List<Problem> problems = new ArrayList<>();
        if (!settings.enabled()) {
            problems.add(Problem.of("RETURNS_DISABLED", "", "returns are not enabled for this website"));
        }
        if (!order.paid()) {
            problems.add(Problem.of(
                    "ORDER_NOT_PAID", "/webOrderNumber", "order " + order.webOrderNumber() + " is not paid"));
        }
        if (!order.shipped()) {
            problems.add(Problem.of(
                    "ORDER_NOT_SHIPPED", "/webOrderNumber", "order " + order.webOrderNumber() + " is not shipped"));
        }
        if (settings.days() > 0 && order.deliveredAt() != null) {
            LocalDate lastAllowedDay = order.deliveredAt().plusDays(settings.days());
            if (today.isAfter(lastAllowedDay)) {
                problems.add(Problem.of(
                                "RETURN_PERIOD_OVER",
                                "/webOrderNumber",
                                "order " + order.webOrderNumber() + " was delivered on " + order.deliveredAt()
                                        + ": returns were possible until " + lastAllowedDay + " (" + settings.days()
                                        + " days)")
                        .with("deliveredAt", order.deliveredAt().toString())
                        .with("lastAllowedDay", lastAllowedDay.toString()));
            }
        }
        if (request.reason() == null || request.reason().isBlank()) {
            problems.add(Problem.of("REASON_REQUIRED", "/reason", "the customer's reason is required"));
        }
        if (request.lines().isEmpty()) {
            problems.add(Problem.of("LINES_REQUIRED", "/lines", "a return needs at least one line"));
        }
        List<MatchedLine> matched = new ArrayList<>();
        Map<String, Integer> asked = new LinkedHashMap<>();
        for (int i = 0; i < request.lines().size(); i++) {
            ReturnRequest.Line line = request.lines().get(i);
            String at = "/lines/" + i;
            OrderSnapshot.Line orderLine = find(order, line);
            if (orderLine == null) {
                problems.add(Problem.of(
                        "UNKNOWN_LINE", at, "no line of order " + order.webOrderNumber() + " has " + describe(line)));
                continue;
            }
            if (line.quantity() < 1) {
                problems.add(Problem.of("QUANTITY_NOT_POSITIVE", at + "/quantity", "the quantity must be at least 1"));
                continue;
            }
            asked.merge(orderLine.lineId(), line.quantity(), Integer::sum);
            matched.add(new MatchedLine(orderLine, line.quantity(), line.reasonCode()));
        }
        for (MatchedLine line : matched) {
            String id = line.orderLine().lineId();
            Integer total = asked.remove(id);
            if (total == null) {
                continue;
            }
            int remaining = line.orderLine().quantity() - claimed.getOrDefault(id, 0);
            if (total > remaining) {
                problems.add(Problem.of(
                                "QUANTITY_EXCEEDED",
                                "/lines/" + indexOf(request, order, id) + "/quantity",
                                total + " of line " + id + " ("
                                        + line.orderLine().reference() + ") asked; " + remaining
                                        + " can still be returned ("
                                        + line.orderLine().quantity() + " ordered)")
                        .with("lineId", id)
                        .with("asked", total)
                        .with("remaining", Math.max(0, remaining)));
            }
        }
        return new Verdict(problems.isEmpty() ? matched : List.of(), problems);
    }

    private static OrderSnapshot.Line find(OrderSnapshot order, ReturnRequest.Line line) {
        if (line.lineId() != null) {
            return order.lines().stream()
                    .filter(l -> l.lineId().equals(line.lineId()))
                    .findFirst()
                    .orElse(null);
        }
        if (line.reference() != null) {
            OrderSnapshot.Line bySku = order.lines().stream()
                    .filter(l -> l.reference().equals(line.reference()))
                    .findFirst()
                    .orElse(null);
            if (bySku != null || line.gtin() == null) {
                return bySku;
            }
        }
        // A marketplace's GTIN when its SKU is not the shop's (or absent).
        return line.gtin() == null
                ? null
                : order.lines().stream()
                        .filter(l -> Objects.equals(l.gtin(), line.gtin()))
                        .findFirst()
                        .orElse(null);
    }

    private static int indexOf(ReturnRequest request, OrderSnapshot order, String lineId) {
        for (int i = 0; i < request.lines().size(); i++) {
            OrderSnapshot.Line found = find(order, request.lines().get(i));
            if (found != null && found.lineId().equals(lineId)) {
                return i;
            }
        }
        return 0;
    }

    private static String describe(ReturnRequest.Line line) {
        List<String> keys = new ArrayList<>();
        if (line.lineId() != null) {
            keys.add("lineId '" + line.lineId() + "'");
        }
        if (line.reference() != null) {
            keys.add("reference '" + line.reference() + "'");
        }
        if (line.gtin() != null) {
            keys.add("gtin '" + line.gtin() + "'");
        }
        return keys.isEmpty() ? "no lineId, reference or gtin given" : String.join(" or ", keys);
    }
}
