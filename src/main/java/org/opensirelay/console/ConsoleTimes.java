package org.opensirelay.console;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * Times on the console's pages as an operator reads them: to the second, in the relay's own time
 * zone (the machine's, or {@code TZ}), with the zone named — never a raw ISO instant.
 */
final class ConsoleTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz");

    private final ZoneId zone;

    ConsoleTimes(ZoneId zone) {
        this.zone = zone;
    }

    /** The zone's name, for the charts' time axis ("UTC" for a bare offset of zero). */
    String zoneId() {
        String id = zone.normalized().getId();
        return "Z".equals(id) ? "UTC" : id;
    }

    /** {@code at} (an Instant or an OffsetDateTime) in local time with its zone; empty for null. */
    public String local(Object at) {
        TemporalAccessor moment = at instanceof Instant instant
                ? instant.atZone(zone)
                : at instanceof OffsetDateTime offset ? offset.atZoneSameInstant(zone) : null;
        return moment == null ? (at == null ? "" : at.toString()) : FORMAT.format(moment);
    }
}
