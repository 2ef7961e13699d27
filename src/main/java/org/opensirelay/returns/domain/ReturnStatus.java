package org.opensirelay.returns.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a return stands. CLOSED carries a {@link Resolution}; CLOSED, REJECTED and CANCELLED are final. */
public enum ReturnStatus {
    REQUESTED,
    ACCEPTED,
    RECEIVED,
    CLOSED,
    REJECTED,
    CANCELLED;

    /** The status named {@code name} in a query, in any letter case, surrounding spaces ignored. */
    public static Optional<ReturnStatus> parse(String name) {
        String upper = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(upper)).findFirst();
    }

    public boolean isFinal() {
        return this == CLOSED || this == REJECTED || this == CANCELLED;
    }

    /** Whether the return still holds its quantities (a rejected or cancelled one gives them back). */
    public boolean holdsQuantities() {
        return this != REJECTED && this != CANCELLED;
    }
}
