package org.opensirelay.returns.domain;

import java.util.List;

/** Why products come back: units by reason, most first, and by product. */
public record ReasonsReport(List<ReasonCount> byReason, List<ProductCount> byProduct) {

    /** Units returned for one reason of the taxonomy. */
    public record ReasonCount(String reason, long units) {}

    /** Units returned of one product, and the reason most of them came back for. */
    public record ProductCount(String reference, long units, String topReason) {}
}
