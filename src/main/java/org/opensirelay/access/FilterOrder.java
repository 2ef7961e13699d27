package org.opensirelay.access;

import org.springframework.core.Ordered;

/** Where the relay's own servlet filters stand: credentials are checked before a body is read. */
public final class FilterOrder {

    /** In front of the relay's other filters: how exchanges end that cannot end cleanly. */
    public static final int EXCHANGE_ENDINGS = Ordered.HIGHEST_PRECEDENCE + 40;

    /** After Spring's character-encoding filter (the console reads form parameters). */
    public static final int TOKEN_CHECKS = Ordered.HIGHEST_PRECEDENCE + 50;

    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 60;
    /** In front of the SOAP endpoints: method, content type, size; the body is read here. */
    public static final int SOAP_GUARD = Ordered.HIGHEST_PRECEDENCE + 70;
    /** After the SOAP guard: a request for an operation the relay does not answer goes to the shop. */
    public static final int PASS_THROUGH = Ordered.HIGHEST_PRECEDENCE + 80;

    private FilterOrder() {}
}
