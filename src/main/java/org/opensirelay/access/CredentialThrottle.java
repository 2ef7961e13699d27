package org.opensirelay.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Slows the guessing of every credential the relay checks (SOAP keys, the admin token, API tokens,
 * the console's sign-in): a client address with {@code max-failures} failed checks within
 * {@code window} in one realm (the caller passes e.g. "soap address website" or "admin address" as the key) is refused there,
 * without its key being checked, for {@code lock}. A success does not
 * clear the count: a caller holding one valid key could otherwise interleave it with guesses. Addresses are kept in a
 * bounded map so that a flood of addresses cannot exhaust memory (the oldest are forgotten first).
 */
@Component
public class CredentialThrottle {

    /** {@code relay.auth.*}. */
    @ConfigurationProperties(prefix = "relay.auth")
    public record Settings(
            @DefaultValue("10") int maxFailures,
            @DefaultValue("PT1M") Duration window,
            @DefaultValue("PT5M") Duration lock,
            @DefaultValue("10000") int trackedAddresses) {}

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures;
    private final Map<String, Instant> lockedUntil;
    /**
     * Whether any address may be locked: every request asks, almost always with nothing locked, and
     * must not queue on this object's lock for that.
     */
    private volatile boolean anyLocked;

    public CredentialThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.failures = bounded(settings.trackedAddresses());
        this.lockedUntil = bounded(settings.trackedAddresses());
    }

    /** How long the address must still wait, or null when it may try. */
    public Duration lockedFor(String address) {
        return anyLocked ? lockedForChecked(address) : null;
    }

    private synchronized Duration lockedForChecked(String address) {
        Instant until = lockedUntil.get(address);
        Instant now = clock.instant();
        if (until == null || !until.isAfter(now)) {
            lockedUntil.remove(address);
            anyLocked = !lockedUntil.isEmpty();
            return null;
        }
        return Duration.between(now, until);
    }

    public synchronized void failed(String address) {
        Instant now = clock.instant();
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(settings.window()))) {
            recent.removeFirst();
        }
        if (recent.size() >= settings.maxFailures()) {
            lockedUntil.put(address, now.plus(settings.lock()));
            anyLocked = true;
            recent.clear();
        }
    }

    private static <V> Map<String, V> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
