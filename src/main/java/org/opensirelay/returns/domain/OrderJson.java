package org.opensirelay.returns.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an order registration ({@code PUT …/orders/{webOrderNumber}}) and lists every problem of it,
 * and writes the canonical form an order is stored and compared in. Fields the contract does not
 * know are ignored.
 */
public final class OrderJson {

    /** Decimal text: digits, optionally a point and up to 4 decimals (no exponent, no sign). */
    private static final Pattern MONEY = Pattern.compile("[0-9]{1,13}(\\.[0-9]{1,4})?");

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern GTIN = Pattern.compile("[0-9]{8,14}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OrderJson() {}

    /** The order, or the problems that refuse it (every one). */
    public record Parsed(OrderSnapshot order, List<Problem> problems) {}

    public static Parsed parse(String webOrderNumber, JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        if (webOrderNumber == null
                || webOrderNumber.isBlank()
                || webOrderNumber.length() > 20
                || !webOrderNumber.strip().equals(webOrderNumber)) {
            problems.add(Problem.of(
                    "INVALID_FIELD",
                    "/webOrderNumber",
                    "the order number in the path must have 1 to 20 characters and no surrounding spaces"));
        }
        if (body == null || !body.isObject()) {
            problems.add(Problem.of("INVALID_FIELD", "", "the body must be a JSON object"));
            return new Parsed(null, problems);
        }
        String orderNumber = text(body, "orderNumber", 11, false, problems);
        JsonNode customer = body.get("customer");
        String name = null;
        String email = null;
        if (customer == null || !customer.isObject()) {
            problems.add(Problem.of("INVALID_FIELD", "/customer", "customer must be an object with name and email"));
        } else {
            name = text(customer, "name", 255, true, problems, "/customer/name");
            email = text(customer, "email", 254, false, problems, "/customer/email");
            if (email != null && !email.contains("@")) {
                problems.add(
                        Problem.of("INVALID_FIELD", "/customer/email", "customer.email must be an e-mail address"));
            }
        }
        boolean paid = bool(body, "paid", problems);
        boolean shipped = bool(body, "shipped", problems);
        LocalDate deliveredAt = null;
        JsonNode delivered = body.get("deliveredAt");
        if (delivered != null && !delivered.isNull()) {
            try {
                deliveredAt = LocalDate.parse(delivered.isString() ? delivered.asString() : "?");
            } catch (DateTimeParseException e) {
                problems.add(
                        Problem.of("INVALID_FIELD", "/deliveredAt", "deliveredAt must be a date YYYY-MM-DD, or null"));
            }
        }
        String currency = text(body, "currency", 3, true, problems);
        if (currency != null
                && (!CURRENCY.matcher(currency).matches()
                        || MinorUnits.decimals(currency).isEmpty())) {
            problems.add(Problem.of("INVALID_FIELD", "/currency", "currency must be an ISO 4217 code such as EUR"));
            currency = null;
        }
        List<OrderSnapshot.Line> lines = lines(body.get("lines"), currency, problems);
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(
                new OrderSnapshot(
                        webOrderNumber, orderNumber, name, email, paid, shipped, deliveredAt, currency, lines),
                List.of());
    }

    private static List<OrderSnapshot.Line> lines(JsonNode lines, String currency, List<Problem> problems) {
        List<OrderSnapshot.Line> parsed = new ArrayList<>();
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            problems.add(Problem.of("INVALID_FIELD", "/lines", "lines must be a non-empty array"));
            return parsed;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String at = "/lines/" + i;
            if (!line.isObject()) {
                problems.add(Problem.of("INVALID_FIELD", at, "each line must be an object"));
                continue;
            }
            String lineId = text(line, "lineId", 64, true, problems, at + "/lineId");
            if (lineId != null && !ids.add(lineId)) {
                problems.add(
                        Problem.of("INVALID_FIELD", at + "/lineId", "lineId '" + lineId + "' is used by two lines"));
            }
            String reference = text(line, "reference", 64, true, problems, at + "/reference");
            String gtin = text(line, "gtin", 14, false, problems, at + "/gtin");
            if (gtin != null && !GTIN.matcher(gtin).matches()) {
                problems.add(Problem.of("INVALID_FIELD", at + "/gtin", "gtin must have 8 to 14 digits"));
            }
            String title = text(line, "title", 255, false, problems, at + "/title");
            Integer quantity = JsonFields.wholeNumber(line, "quantity", 1, 100_000, at + "/quantity", problems);
            int count = quantity == null ? 0 : quantity;
            BigDecimal unitPrice = money(line, "unitPrice", currency, at, problems);
            BigDecimal unitTax = money(line, "unitTax", currency, at, problems);
            parsed.add(new OrderSnapshot.Line(lineId, reference, gtin, title, count, unitPrice, unitTax));
        }
        return parsed;
    }

    private static BigDecimal money(JsonNode line, String field, String currency, String at, List<Problem> problems) {
        JsonNode value = line.get(field);
        if (value == null
                || !value.isString()
                || !MONEY.matcher(value.asString()).matches()) {
            problems.add(Problem.of(
                    "NOT_DECIMAL_TEXT",
                    at + "/" + field,
                    field + " must be decimal text such as \"12.50\""
                            + (value != null && value.isNumber()
                                    ? " (a JSON number is refused: money is never a floating-point number)"
                                    : "")));
            return null;
        }
        BigDecimal amount = new BigDecimal(value.asString());
        String wrong =
                currency == null ? null : MinorUnits.problem(amount, currency).orElse(null);
        if (wrong != null) {
            problems.add(Problem.of("INVALID_FIELD", at + "/" + field, field + ": " + wrong));
            return null;
        }
        return amount;
    }

    private static String text(JsonNode node, String field, int max, boolean required, List<Problem> problems) {
        return JsonFields.text(node, field, max, required, "/" + field, problems);
    }

    private static String text(
            JsonNode node, String field, int max, boolean required, List<Problem> problems, String pointer) {
        return JsonFields.text(node, field, max, required, pointer, problems);
    }

    private static boolean bool(JsonNode node, String field, List<Problem> problems) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            problems.add(Problem.of("INVALID_FIELD", "/" + field, field + " must be true or false"));
            return false;
        }
        return value.asBoolean();
    }

    /** The order as stored and answered: always the same fields in the same order, money as text. */
    public static ObjectNode write(OrderSnapshot order) {
        ObjectNode out = JSON.createObjectNode();
        out.put("webOrderNumber", order.webOrderNumber());
        out.put("orderNumber", order.orderNumber());
        ObjectNode customer = out.putObject("customer");
        customer.put("name", order.customerName());
        customer.put("email", order.customerEmail());
        out.put("paid", order.paid());
        out.put("shipped", order.shipped());
        out.put(
                "deliveredAt",
                order.deliveredAt() == null ? null : order.deliveredAt().toString());
        out.put("currency", order.currency());
        ArrayNode lines = out.putArray("lines");
        for (OrderSnapshot.Line line : order.lines()) {
            ObjectNode l = lines.addObject();
            l.put("lineId", line.lineId());
            l.put("reference", line.reference());
            l.put("gtin", line.gtin());
            l.put("title", line.title());
            l.put("quantity", line.quantity());
            l.put("unitPrice", line.unitPrice().toPlainString());
            l.put("unitTax", line.unitTax().toPlainString());
        }
        return out;
    }

    public static String canonical(OrderSnapshot order) {
        return JSON.writeValueAsString(write(order));
    }

    /** The stored canonical text back as an order. */
    public static OrderSnapshot read(String canonical) {
        JsonNode node = JSON.readTree(canonical);
        Parsed parsed = parse(node.get("webOrderNumber").asString(), node);
        if (parsed.order() == null) {
            throw new IllegalStateException("a stored order does not read back: " + parsed.problems());
        }
        return parsed.order();
    }
}
