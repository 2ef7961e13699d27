package org.opensirelay.opensi;

import java.time.Instant;
import java.util.List;

/**
 * What a {@code get*} request of the contract selects: changes within {@code from}..{@code to} (UTC,
 * either end open when null), or those of the orders named (which replaces the window), skipping
 * {@code offset} records and answering at most {@code count}.
 */
public record GetSelection(Instant from, Instant to, List<String> orderNumbers, int offset, int count) {

    public GetSelection {
        orderNumbers = List.copyOf(orderNumbers);
    }
}
