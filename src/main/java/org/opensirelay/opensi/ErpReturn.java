package org.opensirelay.opensi;

import java.util.List;

/** One {@code OrderReturn} of a {@code getOrderReturns} answer: what came back of an order, and why. */
public record ErpReturn(
        String orderNumber, String returnNumber, boolean valid, String type, String comments, List<Product> products) {

    public record Product(String reference, int quantity) {}
}
