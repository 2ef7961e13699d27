package org.opensirelay.access;

import org.springframework.core.Ordered;

/** Where the relay's own servlet filters stand: credentials are checked before a body is read. */
public final class FilterOrder {

    /** After Spring's character-encoding filter (the console reads form parameters). */
    public static final int TOKEN_CHECKS = Ordered.HIGHEST_PRECEDENCE + 50;
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 60;

    private FilterOrder() {
    }
}
