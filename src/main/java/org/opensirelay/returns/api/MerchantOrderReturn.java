package org.opensirelay.returns.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.opensirelay.returns.OrderReturnsService;
import org.opensirelay.returns.domain.Amount;
import org.opensirelay.returns.domain.ReturnItems;
import org.opensirelay.returns.domain.ReturnStatus;
import org.opensirelay.returns.domain.ReturnView;

/**
 * A return as Google's Content API {@code MerchantOrderReturn}: one item per returned unit, its
 * shipment, and what is refundable and refunded. Amounts are Google's {@code Price}, our
 * {@link Amount}: decimal text and a currency.
 */
record MerchantOrderReturn(
        String orderReturnId,
        String orderId,
        String merchantOrderId,
        String creationDate,
        List<ReturnItem> returnItems,
        List<Shipment> returnShipments,
        PricingInfo returnPricingInfo,
        ReturnStatus status,
        boolean acknowledged) {

    record ReturnItem(
            String returnItemId,
            String itemId,
            Product product,
            Reason customerReturnReason,
            @JsonInclude(JsonInclude.Include.NON_NULL) Reason merchantRejectionReason,
            Amount refundableAmount,
            Amount refundedAmount,
            String state) {}

    record Product(String offerId, String title, String gtin) {}

    /** The one taxonomy's code, and the words as the channel or the merchant gave them. */
    record Reason(String reasonCode, String description) {}

    record Shipment(
            String returnMethodType,
            String state,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<TrackingInfo> shipmentTrackingInfos) {}

    record TrackingInfo(String carrier, String trackingNumber) {}

    record PricingInfo(Amount refundableItemsAmount, Amount totalRefundedAmount) {}

    static List<MerchantOrderReturn> of(List<OrderReturnsService.OrderReturn> page) {
        return page.stream().map(MerchantOrderReturn::of).toList();
    }

    static MerchantOrderReturn of(OrderReturnsService.OrderReturn facts) {
        ReturnView view = facts.view();
        String currency = facts.order().currency();
        List<ReturnItems.Item> items = ReturnItems.of(view, facts.order(), facts.settlements());
        BigDecimal refundable = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        List<ReturnItem> returnItems = new ArrayList<>();
        for (ReturnItems.Item item : items) {
            returnItems.add(new ReturnItem(
                    item.itemId(),
                    item.line().lineId(),
                    new Product(
                            item.orderLine().reference(),
                            item.orderLine().title(),
                            item.orderLine().gtin()),
                    new Reason(item.line().reasonCategory(), view.reason()),
                    item.rejected() == null
                            ? null
                            : new Reason(
                                    item.rejected().reason(), item.rejected().reasonText()),
                    Amount.of(item.refundable(), currency),
                    Amount.of(item.refunded(), currency),
                    item.state(view.status(), view.resolution())));
            refundable = refundable.add(item.refundable());
            refunded = refunded.add(item.refunded());
        }
        String method = facts.stored().returnMethod();
        // The label as last attached (PUT /returns/{n}/label): Google's tracking infos.
        List<Shipment> shipments = "returnless".equals(method)
                ? List.of()
                : List.of(new Shipment(
                        method,
                        shipmentState(view.status()),
                        view.label() == null
                                ? null
                                : List.of(new TrackingInfo(
                                        view.label().carrier(), view.label().trackingNumber()))));
        return new MerchantOrderReturn(
                view.webReturnNumber(),
                view.webOrderNumber(),
                view.orderNumber() != null ? view.orderNumber() : view.webOrderNumber(),
                facts.stored().createdAt().toString(),
                returnItems,
                shipments,
                new PricingInfo(Amount.of(refundable, currency), Amount.of(refunded, currency)),
                view.status(),
                facts.stored().acknowledged());
    }

    private static String shipmentState(ReturnStatus status) {
        return switch (status) {
            case REQUESTED -> "new";
            case ACCEPTED -> "pending";
            case RECEIVED, CLOSED -> "completed";
            case REJECTED, CANCELLED -> "undeliverable";
        };
    }
}
