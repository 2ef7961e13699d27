package org.opensirelay.returns.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.opensirelay.returns.domain.OrderSnapshot;
import org.opensirelay.returns.domain.Problem;

/**
 * An order registration ({@code PUT …/orders/{webOrderNumber}}): what the shop sold, to whom, and
 * whether it was paid, shipped and delivered. Money is decimal text in the order's currency.
 */
record OrderBody(
        @OneLine(max = 11) String orderNumber,

        @NotNull(message = "must be an object with name and email") @Valid
        Customer customer,

        @Flag Boolean paid,
        @Flag Boolean shipped,
        @IsoDate String deliveredAt,
        @NotNull(message = "is required") @CurrencyCode String currency,

        @NotEmpty(message = "must be a non-empty array")
        List<@NotNull(message = "must hold objects only") @Valid Line> lines)
        implements JsonBodies.RulesBetweenFields {

    record Customer(
            @NotNull(message = "is required") @OneLine(max = 255)
            String name,

            @OneLine(max = 254) @Pattern(regexp = ".*@.*", message = "must be an e-mail address")
            String email) {}

    record Line(
            @NotNull(message = "is required") @OneLine(max = 64)
            String lineId,

            @NotNull(message = "is required") @OneLine(max = 64)
            String reference,

            @Pattern(regexp = "[0-9]{8,14}", message = "must have 8 to 14 digits")
            String gtin,

            @OneLine(max = 255) String title,
            @WholeNumber(min = 1, max = 100_000) Integer quantity,
            @DecimalText String unitPrice,
            @DecimalText String unitTax) {}

    /** The path's order number: the one rule of the request that is not in the body. */
    static List<Problem> pathProblems(String webOrderNumber) {
        return webOrderNumber == null
                        || webOrderNumber.isBlank()
                        || webOrderNumber.length() > 20
                        || !webOrderNumber.strip().equals(webOrderNumber)
                ? List.of(Problem.of(
                        "INVALID_FIELD",
                        "/webOrderNumber",
                        "the order number in the path must have 1 to 20 characters and no surrounding spaces"))
                : List.of();
    }

    @Override
    public List<Problem> problemsBetweenFields() {
        List<Problem> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; lines != null && i < lines.size(); i++) {
            Line line = lines.get(i);
            if (line == null) {
                continue;
            }
            String at = "/lines/" + i;
            if (line.lineId() != null && !ids.add(line.lineId())) {
                problems.add(Problem.of(
                        "INVALID_FIELD", at + "/lineId", "lineId '" + line.lineId() + "' is used by two lines"));
            }
            minorUnit(line.unitPrice(), at + "/unitPrice", "unitPrice", problems);
            minorUnit(line.unitTax(), at + "/unitTax", "unitTax", problems);
        }
        return problems;
    }

    /** An amount finer than the currency's minor unit (0.005 EUR) cannot be paid. */
    private void minorUnit(String amount, String pointer, String field, List<Problem> problems) {
        DecimalText.Check.minorUnitProblem(amount, currency)
                .ifPresent(wrong -> problems.add(Problem.of("INVALID_FIELD", pointer, field + ": " + wrong)));
    }

    /** The order, once {@link JsonBodies} found no problem. */
    OrderSnapshot toOrder(String webOrderNumber) {
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
