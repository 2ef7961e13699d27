package org.opensirelay.returns.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.opensirelay.returns.OrderReturnsService;
import org.opensirelay.returns.domain.ReturnItems;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;

/**
 * A return exactly as Google's Content API v2.1 {@code MerchantOrderReturn} (discovery revision of
 * {@code @googleapis/content} 7.1.0): Google's field names and types, {@code Price} as decimal text
 * and currency, {@code MonetaryAmount} as price and tax, times in RFC 3339, fields the relay has no
 * value for left out as Google leaves out an unset field. One item per returned unit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GoogleOrderReturn(
        String orderReturnId,
        String orderId,
        String merchantOrderId,
        String creationDate,
        List<Item> returnItems,
        List<Shipment> returnShipments,
        PricingInfo returnPricingInfo) {

    /** Google's {@code Price}: {@code {"value": "12.50", "currency": "EUR"}}. */
    record Price(String value, String currency) {

        static Price of(BigDecimal value, String currency) {
            return new Price(ReturnItems.money(value), currency);
        }
    }

    /** Google's {@code MonetaryAmount}: the amount before tax and the tax, each a {@code Price}. */
    record MonetaryAmount(Price priceAmount, Price taxAmount) {

        static MonetaryAmount of(BigDecimal price, BigDecimal tax, String currency) {
            return new MonetaryAmount(Price.of(price, currency), Price.of(tax, currency));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(
            String returnItemId,
            String itemId,
            Product product,
            Reason customerReturnReason,
            Reason merchantRejectionReason,
            MonetaryAmount refundableAmount,
            List<String> returnShipmentIds,
            String state) {}

    /** Google's {@code OrderLineItemProduct}: what the relay knows of the order line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Product(String offerId, String title, String gtin, Price price) {}

    /** {@code CustomerReturnReason} and {@code MerchantRejectionReason}: a code and the words. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Reason(String reasonCode, String description) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Shipment(
            String shipmentId,
            String returnMethodType,
            String state,
            String creationDate,
            List<TrackingInfo> shipmentTrackingInfos) {}

    record TrackingInfo(String carrier, String trackingNumber) {}

    /** {@code ReturnPricingInfo}: what can still be refunded of the items, and what was refunded (once something was). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PricingInfo(MonetaryAmount refundableItemsTotalAmount, MonetaryAmount totalRefundedAmount) {}

    static List<GoogleOrderReturn> of(List<OrderReturnsService.OrderReturn> page) {
        return page.stream().map(GoogleOrderReturn::of).toList();
    }

    static GoogleOrderReturn of(OrderReturnsService.OrderReturn facts) {
        ReturnView view = facts.view();
        String currency = facts.order().currency();
        String created = facts.stored().createdAt().toString();
        String method = facts.stored().returnMethod() == null
                ? "byMail"
                : facts.stored().returnMethod();
        // One parcel per return: its id is the return's, as in Google's own examples.
        boolean parcel = !"returnless".equals(method);
        String shipmentId = view.webReturnNumber();
        BigDecimal leftPrice = BigDecimal.ZERO;
        BigDecimal leftTax = BigDecimal.ZERO;
        BigDecimal refundedPrice = BigDecimal.ZERO;
        BigDecimal refundedTax = BigDecimal.ZERO;
        List<Item> items = new ArrayList<>();
        for (ReturnItems.Item item : ReturnItems.of(view, facts.order(), facts.settlements())) {
            // What can still be refunded: nothing of a rejected unit.
            BigDecimal price = item.rejected() == null ? item.remainingPrice().max(BigDecimal.ZERO) : BigDecimal.ZERO;
            BigDecimal tax = item.rejected() == null ? item.remainingTax().max(BigDecimal.ZERO) : BigDecimal.ZERO;
            items.add(new Item(
                    item.itemId(),
                    item.line().lineId(),
                    new Product(
                            item.orderLine().reference(),
                            item.orderLine().title(),
                            item.orderLine().gtin(),
                            Price.of(item.orderLine().unitPrice(), currency)),
                    new Reason(item.line().reasonCategory(), view.reason()),
                    item.rejected() == null
                            ? null
                            : new Reason(
                                    item.rejected().reason(), item.rejected().reasonText()),
                    MonetaryAmount.of(price, tax, currency),
                    parcel ? List.of(shipmentId) : null,
                    item.state(view.status(), view.resolution())));
            leftPrice = leftPrice.add(price);
            leftTax = leftTax.add(tax);
            refundedPrice = refundedPrice.add(item.refundedPrice());
            refundedTax = refundedTax.add(item.refundedTax());
        }
        boolean anyRefund = refundedPrice.signum() != 0 || refundedTax.signum() != 0;
        return new GoogleOrderReturn(
                view.webReturnNumber(),
                view.webOrderNumber(),
                view.orderNumber() != null ? view.orderNumber() : view.webOrderNumber(),
                created,
                items,
                parcel
                        ? List.of(new Shipment(
                                shipmentId,
                                method,
                                shipmentState(view.status()),
                                created,
                                view.label() == null
                                        ? null
                                        : List.of(new TrackingInfo(
                                                view.label().carrier(),
                                                view.label().trackingNumber()))))
                        : List.of(),
                new PricingInfo(
                        MonetaryAmount.of(leftPrice, leftTax, currency),
                        anyRefund ? MonetaryAmount.of(refundedPrice, refundedTax, currency) : null));
    }

    /** The parcel's state from the return's: the relay never sees it in transit ({@code shipped}). */
    static String shipmentState(ReturnStatus status) {
        return switch (status) {
            case REQUESTED -> "new";
            case ACCEPTED -> "pending";
            case RECEIVED, CLOSED -> "completed";
            case REJECTED, CANCELLED -> "undeliverable";
        };
    }

    /** The return statuses whose parcel is in one of Google's shipment states. */
    static List<ReturnStatus> statusesOf(String shipmentState) {
        return switch (shipmentState) {
            case "new" -> List.of(ReturnStatus.REQUESTED);
            case "pending" -> List.of(ReturnStatus.ACCEPTED);
            case "completed" -> List.of(ReturnStatus.RECEIVED, ReturnStatus.CLOSED);
            case "undeliverable" -> List.of(ReturnStatus.REJECTED, ReturnStatus.CANCELLED);
            default -> List.of();
        };
    }
}
