package org.opensirelay.returns.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

/**
 * Amounts are in a currency's minor unit (ISO 4217: two decimals for EUR, none for JPY, three for
 * KWD): a refund of 0.005 EUR cannot be paid, and sums of such amounts drift from what was paid.
 */
public final class MinorUnits {

    private MinorUnits() {}

    /** How many decimals {@code currency} has, or empty when it is not an ISO 4217 code. */
    public static Optional<Integer> decimals(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            // Codes without a minor unit of their own (XAU, XXX…): as many as the relay keeps.
            return Optional.of(digits < 0 ? 4 : digits);
        } catch (IllegalArgumentException | NullPointerException notAnIsoCode) {
            return Optional.empty();
        }
    }

    /** Why {@code amount} cannot be an amount in {@code currency}, or empty when it can. */
    public static Optional<String> problem(BigDecimal amount, String currency) {
        Optional<Integer> decimals = decimals(currency);
        if (decimals.isEmpty()) {
            return Optional.of("currency must be an ISO 4217 code such as EUR, not '" + currency + "'");
        }
        if (amount.stripTrailingZeros().scale() > decimals.get()) {
            return Optional.of(currency + " amounts have at most " + decimals.get()
                    + " decimals (ISO 4217 minor unit); " + amount.toPlainString() + " has more");
        }
        return Optional.empty();
    }
}
