package org.opensirelay.returns.domain;

/** Where a return stands. CLOSED carries a {@link Resolution}; CLOSED, REJECTED and CANCELLED are final. */
public enum ReturnStatus {
    REQUESTED,
    ACCEPTED,
    RECEIVED,
    CLOSED,
    REJECTED,
    CANCELLED;

    public boolean isFinal() {
        return this == CLOSED || this == REJECTED || this == CANCELLED;
    }

    /** Whether the return still holds its quantities (a rejected or cancelled one gives them back). */
    public boolean holdsQuantities() {
        return this != REJECTED && this != CANCELLED;
    }
}
