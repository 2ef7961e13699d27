package org.opensirelay.console;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Times on the console's pages as their reader reads them: to the second, in the reader's time zone,
 * with the zone named — never a raw ISO instant. The browser names its zone (console/zone.js writes
 * it in the {@value #COOKIE} cookie, as {@code Intl} gives it: "Europe/Paris"); until it has, and
 * for a name Java does not know, the relay's own zone (the machine's, or {@code TZ}).
 */
final class ConsoleTimes {

    static final String COOKIE = "console-zone";

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz");
    /** An IANA zone name as browsers give it ("America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC"). */
    private static final Pattern ZONE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_+\\-/]{0,63}");

    private final ZoneId zone;
    private final String named;

    ConsoleTimes(ZoneId zone) {
        this(zone, zone.getId());
    }

    private ConsoleTimes(ZoneId zone, String named) {
        this.zone = zone;
        this.named = named;
    }

    /** The times of the request being handled: in its reader's zone when the browser named one. */
    static ConsoleTimes ofCurrentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? of(attributes.getRequest())
                : new ConsoleTimes(ZoneId.systemDefault());
    }

    static ConsoleTimes of(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    Optional<ZoneId> zone = zone(cookie.getValue());
                    if (zone.isPresent()) {
                        return new ConsoleTimes(zone.get(), cookie.getValue());
                    }
                }
            }
        }
        return new ConsoleTimes(ZoneId.systemDefault());
    }

    /** The zone a browser named ({@code value} as the cookie holds it), if Java knows it. */
    static Optional<ZoneId> zone(String value) {
        if (value == null || !ZONE_NAME.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(value));
        } catch (DateTimeException unknown) {
            return Optional.empty();
        }
    }

    /**
     * The zone's name as the page was written in it (the browser's own name when it gave one):
     * console/zone.js compares it with the browser's to know whether the page must be written again.
     */
    public String named() {
        return named;
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
