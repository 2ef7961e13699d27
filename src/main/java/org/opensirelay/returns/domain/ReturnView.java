package org.opensirelay.returns.domain;

import java.time.Instant;
import java.util.List;

/** A return as its API shows it: lines, slip, and the whole timeline (and its status as Channable spells it). */
public record ReturnView(
        String webReturnNumber,
        String webOrderNumber,
        String orderNumber,
        String erpReturnNumber,
        String source,
        String externalId,
        String reason,
        ReturnStatus status,
        Resolution resolution,
        String channableStatus,
        String slipUrl,
        Instant createdAt,
        Instant updatedAt,
        List<Line> lines,
        List<Event> timeline,
        Label label,
        List<CreditNoteView> creditNotes) {

    /**
     * The credit note of a refund, as the ERP pulls it (getOrderCreditNotes): its number, what it
     * credits without tax (decimal text), and its lines.
     */
    public record CreditNoteView(
            String number, Instant createdAt, String totalWithoutTax, String currency, List<Line> lines) {

        public record Line(String reference, String name, int quantity, String unitPrice, String vatRate) {}
    }

    /** The parcel's label and tracking, as last attached (null while none is). */
    public record Label(String labelUrl, String carrier, String trackingNumber, Instant attachedAt) {}

    /** A line: {@code reasonCode} as the channel gave it, {@code reasonCategory} its code in the one taxonomy ({@link ReturnReasons}). */
    public record Line(String lineId, String reference, int quantity, String reasonCode, String reasonCategory) {}

    /**
     * One change on the timeline.
     *
     * @param from       the status before (null for the request itself)
     * @param to         the status asked for (null when the value received meant no known state)
     * @param raw        the value as received (an ERP's ReturnState, a marketplace's status…)
     * @param divergence whether the state machine refused it: the status did not change
     */
    public record Event(
            long id,
            Instant at,
            Side side,
            ReturnStatus from,
            ReturnStatus to,
            Resolution resolution,
            String raw,
            boolean divergence,
            String note) {}
}
