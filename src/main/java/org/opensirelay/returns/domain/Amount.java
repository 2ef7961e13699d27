package org.opensirelay.returns.domain;

import java.math.BigDecimal;

/**
 * An amount as events and Google's Content API carry it: decimal text ({@code "12.50"}, at least
 * two decimals) and its currency. Never a floating-point number.
 */
public record Amount(String value, String currency) {

    public static Amount of(BigDecimal value, String currency) {
        return new Amount(ReturnItems.money(value), currency);
    }
}
