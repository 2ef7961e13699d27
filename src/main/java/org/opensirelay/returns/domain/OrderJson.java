package org.opensirelay.returns.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical form an order is stored, compared and answered in: always the same fields in the
 * same order, money as decimal text.
 */
public final class OrderJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OrderJson() {}

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

    /** The stored canonical text back as an order (it was checked when it was registered). */
    public static OrderSnapshot read(String canonical) {
        JsonNode order = JSON.readTree(canonical);
        List<OrderSnapshot.Line> lines = new ArrayList<>();
        for (JsonNode line : order.get("lines")) {
            lines.add(new OrderSnapshot.Line(
                    line.get("lineId").asString(),
                    line.get("reference").asString(),
                    text(line, "gtin"),
                    text(line, "title"),
                    line.get("quantity").asInt(),
                    new BigDecimal(line.get("unitPrice").asString()),
                    new BigDecimal(line.get("unitTax").asString())));
        }
        JsonNode customer = order.get("customer");
        String delivered = text(order, "deliveredAt");
        return new OrderSnapshot(
                order.get("webOrderNumber").asString(),
                text(order, "orderNumber"),
                customer.get("name").asString(),
                text(customer, "email"),
                order.get("paid").asBoolean(),
                order.get("shipped").asBoolean(),
                delivered == null ? null : LocalDate.parse(delivered),
                order.get("currency").asString(),
                lines);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
