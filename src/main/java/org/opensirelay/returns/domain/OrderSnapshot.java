package org.opensirelay.returns.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An order as the shop registered it: what eligibility is judged on. Money is decimal text with the
 * order's currency, never a floating-point number.
 */
public record OrderSnapshot(
        String webOrderNumber,
        String orderNumber,
        String customerName,
        String customerEmail,
        boolean paid,
        boolean shipped,
        LocalDate deliveredAt,
        String currency,
        List<Line> lines) {

    public OrderSnapshot {
        lines = List.copyOf(lines);
    }

    /** One order line: what was bought, how many, at what unit price and tax. */
    public record Line(
            String lineId,
            String reference,
            String gtin,
            String title,
            int quantity,
            BigDecimal unitPrice,
            BigDecimal unitTax) {}
}
