package org.opensirelay.returns.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReturnItems;
import org.opensirelay.returns.domain.ReturnRequest;
import tools.jackson.databind.JsonNode;

/** The request bodies of Google's {@code orderreturns} methods, as the Content API spells them. */
final class OrderReturnBodies {

    private OrderReturnBodies() {}

    /** {@code acknowledge}: only the caller's operation id, which makes a retry the same call. */
    record Operation(
            @NotNull(message = "is required") @OneLine(max = 128)
            String operationId) {}

    /** {@code createOrderReturn}: the merchant opens a return for lines of an order. */
    record Create(
            @NotNull(message = "is required") @OneLine(max = 128)
            String operationId,

            @NotNull(message = "is required") @OneLine(max = 20)
            String orderId,

            @NotNull(message = "is required")
            @Pattern(
                    regexp = "byMail|contactCustomerSupport|returnless|inStore",
                    message = "must be one of byMail, contactCustomerSupport, returnless, inStore")
            String returnMethodType,

            @NotEmpty(message = "must be a non-empty array")
            List<@NotNull(message = "must hold objects only") @Valid LineItem> lineItems)
            implements JsonBodies.RulesBetweenFields {

        record LineItem(
                @OneLine(max = 64) String lineItemId,
                @OneLine(max = 64) String productId,
                @WholeNumber(min = 1, max = 100_000) Integer quantity) {}

        @Override
        public List<Problem> problemsBetweenFields() {
            List<Problem> problems = new ArrayList<>();
            for (int i = 0; lineItems != null && i < lineItems.size(); i++) {
                LineItem item = lineItems.get(i);
                if (item != null && item.lineItemId() == null && item.productId() == null) {
                    problems.add(Problem.of(
                            "INVALID_FIELD", "/lineItems/" + i, "each line item needs a lineItemId or a productId"));
                }
            }
            return problems;
        }

        /** The request as the relay's own; a product id of 8 to 14 digits is a GTIN. */
        ReturnRequest toRequest() {
            return new ReturnRequest(
                    orderId,
                    null,
                    "google",
                    null,
                    "created by the merchant (" + returnMethodType + ")",
                    lineItems.stream()
                            .map(item -> new ReturnRequest.Line(
                                    item.lineItemId(),
                                    item.productId(),
                                    item.productId() != null && item.productId().matches("[0-9]{8,14}")
                                            ? item.productId()
                                            : null,
                                    item.quantity(),
                                    null))
                            .toList());
        }
    }

    /** {@code process}: refund or reject each return item. */
    record Process(
            @NotNull(message = "is required") @OneLine(max = 128)
            String operationId,

            @NotEmpty(message = "must be a non-empty array")
            List<@NotNull(message = "must hold objects only") @Valid ReturnItem> returnItems,

            JsonNode refundShippingFee,
            JsonNode fullChargeReturnShippingCost)
            implements JsonBodies.RulesBetweenFields {

        record ReturnItem(
                @NotNull(message = "is required") @OneLine(max = 48)
                String returnItemId,

                @Valid Refund refund,
                @Valid Reject reject) {}

        record Reject(
                @NotNull(message = "is required") @OneLine(max = 64)
                String reason) {}

        record Refund(
                @OneLine(max = 32) String paymentType,
                @FreeText(max = 1000) String reasonText,
                @OneLine(max = 64) String returnRefundReason,
                Boolean fullRefund,
                @Valid PartialRefund partialRefund) {}

        record PartialRefund(
                @NotNull(message = "is required") @Valid Price priceAmount,
                @NotNull(message = "is required") @Valid Price taxAmount) {}

        /** Google's Price: {@code {"value": "12.50", "currency": "EUR"}}, the value as decimal text. */
        record Price(
                @DecimalText String value,

                @NotNull(message = "is required") @CurrencyCode
                String currency) {

            /** Both fields kept their own rules: the amount can be compared and added up. */
            boolean readable() {
                return DecimalText.Check.isAmount(value) && CurrencyCode.Check.known(currency);
            }

            BigDecimal amount() {
                return new BigDecimal(value);
            }
        }

        @Override
        public List<Problem> problemsBetweenFields() {
            List<Problem> problems = new ArrayList<>();
            for (int i = 0; returnItems != null && i < returnItems.size(); i++) {
                ReturnItem item = returnItems.get(i);
                if (item == null) {
                    continue;
                }
                String at = "/returnItems/" + i;
                if ((item.refund() == null) == (item.reject() == null)) {
                    problems.add(Problem.of("INVALID_FIELD", at, "each return item needs either refund or reject"));
                    continue;
                }
                Refund refund = item.refund();
                if (refund == null) {
                    continue;
                }
                boolean full = Boolean.TRUE.equals(refund.fullRefund());
                if (full == (refund.partialRefund() != null)) {
                    problems.add(Problem.of(
                            "INVALID_FIELD", at + "/refund", "refund needs fullRefund: true or a partialRefund"));
                    continue;
                }
                PartialRefund partial = refund.partialRefund();
                if (partial == null || partial.priceAmount() == null || partial.taxAmount() == null) {
                    continue;
                }
                String where = at + "/refund/partialRefund";
                minorUnit(partial.priceAmount(), where + "/priceAmount", problems);
                minorUnit(partial.taxAmount(), where + "/taxAmount", problems);
                Price price = partial.priceAmount();
                Price tax = partial.taxAmount();
                if (!price.readable() || !tax.readable()) {
                    continue;
                }
                if (!price.currency().equals(tax.currency())) {
                    problems.add(
                            Problem.of("CURRENCY_MISMATCH", where, "priceAmount and taxAmount must share a currency"));
                } else if (price.amount().signum() == 0 && tax.amount().signum() == 0) {
                    problems.add(Problem.of(
                            "INVALID_FIELD",
                            where,
                            "a partial refund must refund something: priceAmount and taxAmount are both zero"));
                }
            }
            return problems;
        }

        private static void minorUnit(Price price, String pointer, List<Problem> problems) {
            DecimalText.Check.minorUnitProblem(price.value(), price.currency())
                    .ifPresent(wrong -> problems.add(Problem.of("INVALID_FIELD", pointer, wrong)));
        }

        /** What to do with each item, once {@link JsonBodies} found no problem. */
        List<ReturnItems.Action> actions() {
            return returnItems.stream()
                    .map(item -> {
                        if (item.reject() != null) {
                            return new ReturnItems.Action(
                                    item.returnItemId(),
                                    false,
                                    null,
                                    null,
                                    null,
                                    true,
                                    item.reject().reason());
                        }
                        Refund refund = item.refund();
                        if (refund.partialRefund() == null) {
                            return new ReturnItems.Action(
                                    item.returnItemId(), true, null, null, null, false, refund.returnRefundReason());
                        }
                        Price price = refund.partialRefund().priceAmount();
                        return new ReturnItems.Action(
                                item.returnItemId(),
                                false,
                                price.amount(),
                                refund.partialRefund().taxAmount().amount(),
                                price.currency(),
                                false,
                                refund.returnRefundReason());
                    })
                    .toList();
        }

        /** The payment type and reason text of the first refund that states them (Google sends them per item). */
        String paymentType() {
            return refunds().stream()
                    .map(Refund::paymentType)
                    .filter(t -> t != null)
                    .findFirst()
                    .orElse(null);
        }

        String reasonText() {
            return refunds().stream()
                    .map(Refund::reasonText)
                    .filter(t -> t != null)
                    .findFirst()
                    .orElse(null);
        }

        private List<Refund> refunds() {
            return returnItems.stream()
                    .map(ReturnItem::refund)
                    .filter(r -> r != null)
                    .toList();
        }

        /** The shipping-fee fields as sent, for the timeline; null when neither is. */
        String shipping() {
            return refundShippingFee == null && fullChargeReturnShippingCost == null
                    ? null
                    : "shipping: refundShippingFee=" + refundShippingFee + ", fullChargeReturnShippingCost="
                            + fullChargeReturnShippingCost;
        }
    }
}
