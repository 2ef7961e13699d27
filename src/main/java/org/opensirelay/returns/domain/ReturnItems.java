package org.opensirelay.returns.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A return seen unit by unit, as Google's orderreturns sees it: one item per returned unit, its
 * refundable amount (the unit's price + tax), what was refunded of it, and its state. Refunds follow
 * one rule: what is refunded of an item never exceeds its refundable amount; partial refunds add
 * up; a full refund refunds what is left. Plain functions.
 */
public final class ReturnItems {

    private ReturnItems() {}

    /** An amount as decimal text: at least two decimals, no trailing zeros beyond ("2.5000" reads "2.50"). */
    public static String money(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.setScale(Math.max(2, v.scale())).toPlainString();
    }

    /** A refund or a rejection already recorded for an item. */
    public record Settlement(
            String itemId, boolean refund, BigDecimal price, BigDecimal tax, String reason, String reasonText) {}

    /**
     * One unit of a return line.
     *
     * @param refundable the unit's price and tax
     * @param refunded   refunded so far (price + tax)
     * @param rejected   the rejection, if any
     */
    public record Item(
            String itemId,
            int lineNo,
            ReturnView.Line line,
            OrderSnapshot.Line orderLine,
            BigDecimal refundablePrice,
            BigDecimal refundableTax,
            BigDecimal refundedPrice,
            BigDecimal refundedTax,
            Settlement rejected) {

        public BigDecimal refundable() {
            return refundablePrice.add(refundableTax);
        }

        public BigDecimal refunded() {
            return refundedPrice.add(refundedTax);
        }

        public BigDecimal remainingPrice() {
            return refundablePrice.subtract(refundedPrice);
        }

        public BigDecimal remainingTax() {
            return refundableTax.subtract(refundedTax);
        }

        /** Fully refunded, or rejected: nothing more can happen to it. */
        public boolean settled() {
            return rejected != null || refunded().compareTo(refundable()) >= 0;
        }

        /** Google's item state: new, received, refunded, rejected or canceled. */
        public String state(ReturnStatus status, Resolution resolution) {
            if (rejected != null) {
                return "rejected";
            }
            if (refunded().compareTo(refundable()) >= 0 && refundable().signum() > 0
                    || status == ReturnStatus.CLOSED && resolution == Resolution.REFUNDED) {
                return "refunded";
            }
            return switch (status) {
                case REQUESTED, ACCEPTED -> "new";
                case RECEIVED, CLOSED -> "received";
                case REJECTED -> "rejected";
                case CANCELLED -> "canceled";
            };
        }
    }

    /**
     * The items of a return: {@code <webReturnNumber>-<line>-<unit>}, in line then unit order. In a
     * return closed as refunded, every unit not rejected counts as refunded in full, whoever refunded it.
     */
    public static List<Item> of(ReturnView view, OrderSnapshot order, List<Settlement> settlements) {
        Map<String, List<Settlement>> byItem = new LinkedHashMap<>();
        settlements.forEach(
                s -> byItem.computeIfAbsent(s.itemId(), k -> new ArrayList<>()).add(s));
        List<Item> items = new ArrayList<>();
        boolean closedAsRefunded = view.status() == ReturnStatus.CLOSED && view.resolution() == Resolution.REFUNDED;
        for (int lineNo = 1; lineNo <= view.lines().size(); lineNo++) {
            ReturnView.Line line = view.lines().get(lineNo - 1);
            OrderSnapshot.Line orderLine = order.lines().stream()
                    .filter(l -> l.lineId().equals(line.lineId()))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("order line " + line.lineId() + " is gone from the order"));
            for (int unit = 1; unit <= line.quantity(); unit++) {
                String id = view.webReturnNumber() + "-" + lineNo + "-" + unit;
                BigDecimal price = BigDecimal.ZERO;
                BigDecimal tax = BigDecimal.ZERO;
                Settlement rejected = null;
                for (Settlement s : byItem.getOrDefault(id, List.of())) {
                    if (s.refund()) {
                        price = price.add(s.price());
                        tax = tax.add(s.tax());
                    } else {
                        rejected = s;
                    }
                }
                if (rejected == null && closedAsRefunded) {
                    // The ERP closed the return as refunded (setOrderReturnStates): it refunded in its own
                    // books what it did not reject, and a unit shown "refunded" must not read 0.00.
                    price = price.max(orderLine.unitPrice());
                    tax = tax.max(orderLine.unitTax());
                }
                items.add(new Item(
                        id, lineNo, line, orderLine, orderLine.unitPrice(), orderLine.unitTax(), price, tax, rejected));
            }
        }
        return items;
    }

    /** One item's part of a process request. */
    public record Action(
            String itemId,
            boolean full,
            BigDecimal price,
            BigDecimal tax,
            String currency,
            boolean reject,
            String reason) {}

    /** The settlements a process request makes, or its problems (every one). */
    public record Decision(List<Settlement> settlements, List<Problem> problems) {}

    /**
     * Judges a process request against the items as they are: each item named exists, is not settled
     * yet and is named once; a refund is in the order's currency and does not exceed what is left;
     * a full refund refunds what is left.
     */
    public static Decision decide(List<Item> items, List<Action> actions, String currency) {
        Map<String, Item> byId = new LinkedHashMap<>();
        items.forEach(i -> byId.put(i.itemId(), i));
        List<Problem> problems = new ArrayList<>();
        List<Settlement> settlements = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            String at = "/returnItems/" + i;
            Item item = byId.get(action.itemId());
            if (item == null) {
                problems.add(Problem.of(
                        "UNKNOWN_RETURN_ITEM", at + "/returnItemId", "no item " + action.itemId() + " in this return"));
                continue;
            }
            if (!named.add(action.itemId())) {
                problems.add(Problem.of(
                        "ITEM_NAMED_TWICE", at + "/returnItemId", "item " + action.itemId() + " is named twice"));
                continue;
            }
            if (item.settled()) {
                problems.add(Problem.of(
                        "ITEM_ALREADY_SETTLED",
                        at,
                        "item " + action.itemId() + " is already "
                                + (item.rejected() != null ? "rejected" : "fully refunded")));
                continue;
            }
            if (action.reject()) {
                settlements.add(new Settlement(item.itemId(), false, null, null, action.reason(), null));
                continue;
            }
            if (action.full()) {
                settlements.add(new Settlement(
                        item.itemId(), true, item.remainingPrice(), item.remainingTax(), action.reason(), null));
                continue;
            }
            if (!currency.equals(action.currency())) {
                problems.add(Problem.of(
                        "CURRENCY_MISMATCH",
                        at + "/refund/partialRefund",
                        "the order is in " + currency + ", the refund in " + action.currency()));
                continue;
            }
            if (action.price().compareTo(item.remainingPrice()) > 0
                    || action.tax().compareTo(item.remainingTax()) > 0) {
                problems.add(Problem.of(
                                "REFUND_EXCEEDS_REFUNDABLE",
                                at + "/refund/partialRefund",
                                "item " + action.itemId() + " can be refunded "
                                        + money(item.remainingPrice()) + " + " + money(item.remainingTax()) + " tax "
                                        + currency + " more; "
                                        + money(action.price()) + " + " + money(action.tax()) + " asked")
                        .with("remainingPrice", money(item.remainingPrice()))
                        .with("remainingTax", money(item.remainingTax())));
                continue;
            }
            settlements.add(new Settlement(item.itemId(), true, action.price(), action.tax(), action.reason(), null));
        }
        return new Decision(problems.isEmpty() ? settlements : List.of(), problems);
    }
}
