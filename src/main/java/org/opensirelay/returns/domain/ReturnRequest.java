package org.opensirelay.returns.domain;

import java.util.List;

/**
 * A customer's request to return lines of an order, from the shop, a marketplace or an operator.
 *
 * @param webOrderNumber  the shop's order number
 * @param webReturnNumber the shop's own number for the return, or null for the relay to assign one
 * @param source          where it comes from ({@code shop}, {@code channable}, {@code google}, …)
 * @param externalId      the source's id of it, unique per source, or null
 * @param reason          the customer's words
 * @param lines           what comes back
 */
public record ReturnRequest(
        String webOrderNumber,
        String webReturnNumber,
        String source,
        String externalId,
        String reason,
        List<Line> lines) {

    public ReturnRequest {
        lines = List.copyOf(lines);
    }

    /**
     * One line: the order line it is about, found by {@code lineId}, else {@code reference} (SKU),
     * else {@code gtin} (a marketplace may know only the GTIN).
     */
    public record Line(String lineId, String reference, String gtin, int quantity, String reasonCode) {}
}
