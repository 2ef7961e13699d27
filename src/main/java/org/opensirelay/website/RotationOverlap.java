package org.opensirelay.website;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * How long a replaced key or token still opens its website: one rule for the admin API and the
 * console. A rotation is a switch, not a second key: 90 days at most, 7 by default, none (PT0S) to
 * refuse the old one at once.
 */
public final class RotationOverlap {

    public static final Duration MAX = Duration.ofDays(90);
    public static final Duration DEFAULT = Duration.ofDays(7);

    private RotationOverlap() {}

    /**
     * The cut-over the operator asked for: an instant ({@code until}), or a duration from {@code now}
     * ({@code validFor}); neither: null (the default applies). Each field is named as the operator wrote
     * it ({@code previousValidFor} in the admin API, {@code overlap} in the console).
     */
    public static Instant until(String until, String untilField, String validFor, String forField, Instant now)
            throws WebsiteChangeRefused {
        if (until != null && validFor != null) {
            throw WebsiteChangeRefused.rotation("send " + untilField + " or " + forField + ", not both");
        }
        if (validFor != null) {
            return now.plus(duration(validFor, forField));
        }
        if (until != null) {
            Instant instant;
            try {
                instant = Instant.parse(until.strip());
            } catch (DateTimeParseException e) {
                throw WebsiteChangeRefused.rotation(untilField + " must be an ISO-8601 instant"
                        + " (2026-12-31T00:00:00Z) at most " + MAX.toDays() + " days from now, not '"
                        + WebsiteCode.printable(until) + "'");
            }
            return checked(instant, untilField, now);
        }
        return null;
    }

    /** {@code until}, if it is at most {@link #MAX} from {@code now}. */
    static Instant checked(Instant until, String field, Instant now) throws WebsiteChangeRefused {
        if (until.isAfter(now.plus(MAX))) {
            throw WebsiteChangeRefused.rotation(
                    field + " may be " + MAX.toDays() + " days from now at most (" + now.plus(MAX) + "), not " + until);
        }
        return until;
    }

    /** An overlap of 0 to {@link #MAX}: compared before it is added to any instant, so that no text overflows one. */
    private static Duration duration(String text, String field) throws WebsiteChangeRefused {
        Duration duration = null;
        try {
            duration = Duration.parse(text.strip());
        } catch (DateTimeParseException | ArithmeticException e) {
            // said below
        }
        if (duration == null || duration.isNegative() || duration.compareTo(MAX) > 0) {
            throw WebsiteChangeRefused.rotation(field + " must be an ISO-8601 duration from PT0S (the previous one"
                    + " refused at once) to P" + MAX.toDays() + "D (" + MAX.toDays() + " days), not '"
                    + WebsiteCode.printable(text) + "'");
        }
        return duration;
    }
}
