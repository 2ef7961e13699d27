package org.opensirelay.returns.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical form an order is stored, compared and answered in: always the same fields in the
 * same order, money as decimal text. One record, {@link Stored}, both ways.
 */
public final class OrderJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OrderJson() {}

    /** The order as stored and answered; its components' order is the JSON's. */
    public record Stored(
            String webOrderNumber,
            String orderNumber,
            Customer customer,
            boolean paid,
            boolean shipped,
            String deliveredAt,
            String currency,
            List<Line> lines) {

        public record Customer(String name, String email) {}

        public record Line(
                String lineId,
                String reference,
                String gtin,
                String title,
                int quantity,
                String unitPrice,
                String unitTax) {}

        OrderSnapshot toOrder() {
            return new OrderSnapshot(
                    webOrderNumber,
                    orderNumber,
                    customer.name(),
                    customer.email(),
                    paid,
                    shipped,
                    deliveredAt == null ? null : LocalDate.parse(deliveredAt),
                    currency,
                    lines.stream()
                            .map(line -> new OrderSnapshot.Line(
                                    line.lineId(),
                                    line.reference(),
                                    line.gtin(),
                                    line.title(),
                                    line.quantity(),
                                    new BigDecimal(line.unitPrice()),
                                    new BigDecimal(line.unitTax())))
                            .toList());
        }
    }

    public static Stored write(OrderSnapshot order) {
        return new Stored(
                order.webOrderNumber(),
                order.orderNumber(),
                new Stored.Customer(order.customerName(), order.customerEmail()),
                order.paid(),
                order.shipped(),
                order.deliveredAt() == null ? null : order.deliveredAt().toString(),
                order.currency(),
                order.lines().stream()
                        .map(line -> new Stored.Line(
                                line.lineId(),
                                line.reference(),
                                line.gtin(),
                                line.title(),
                                line.quantity(),
                                line.unitPrice().toPlainString(),
                                line.unitTax().toPlainString()))
                        .toList());
    }

    public static String canonical(OrderSnapshot order) {
        return JSON.writeValueAsString(write(order));
    }

    /** The stored canonical text back as an order (it was checked when it was registered). */
    public static OrderSnapshot read(String canonical) {
        return JSON.readValue(canonical, Stored.class).toOrder();
    }
}
