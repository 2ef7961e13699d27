package org.opensirelay.opensi;

import java.math.BigDecimal;
import java.util.List;

/** One {@code CreditNote} of a {@code getOrderCreditNotes} answer; amounts without tax, exact. */
public record ErpCreditNote(String orderNumber, String number, boolean valid, List<Product> products) {

    public record Product(String reference, String name, int quantity, BigDecimal unitPrice, BigDecimal vatRate) {}
}
