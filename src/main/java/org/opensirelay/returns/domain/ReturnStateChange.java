package org.opensirelay.returns.domain;

import org.opensirelay.opensi.ReturnStateItem;

/**
 * A state change on its way to the shop's connector ({@code setOrderReturnStates}).
 *
 * @param eventId         the timeline event (the outbox's item key)
 * @param returnNumber    the ERP's number of the return (the shop's own when the ERP has none yet)
 * @param webReturnNumber the shop's number of the return
 * @param returnState     the state as the shop is told it (our names: ACCEPTED, RECEIVED, REFUNDED…)
 */
public record ReturnStateChange(long eventId, String returnNumber, String webReturnNumber, String returnState) {

    /** The outbox's item kind of return state changes. */
    public static final String OUTBOX_KIND = "RETURN_STATE";

    /** The item as the shop's connector receives it. */
    public ReturnStateItem item() {
        return new ReturnStateItem(returnNumber, webReturnNumber, returnState);
    }
}
