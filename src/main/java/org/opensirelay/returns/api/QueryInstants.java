package org.opensirelay.returns.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Instants named in query parameters ({@code modifiedSince}, {@code createdStartDate}…). */
final class QueryInstants {

    /** The earliest and latest instants a query may name: four-digit years, as every database here stores them. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private QueryInstants() {}

    /**
     * An ISO-8601 instant, or empty when it is not one or lies outside years 1 to 9999 (Java reads
     * {@code +1000000000-12-31T23:59:59Z}; no database column holds it).
     */
    static Optional<Instant> parse(String value) {
        try {
            Instant instant = Instant.parse(value);
            return instant.isBefore(FIRST) || instant.isAfter(LAST) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
