package org.opensirelay.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.support.MutableClock;

/** The throttle's rules with a settable clock (the relay's over HTTP: hostile/CredentialThrottleTest). */
@Tag("unit")
class CredentialThrottleRulesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final CredentialThrottle throttle = new CredentialThrottle(
            new CredentialThrottle.Settings(3, Duration.ofMinutes(1), Duration.ofMinutes(5), 2), clock);

    @Test
    void anAddressIsLockedAtTheThirdFailureWithinTheWindowForTheLockTime() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedFor("10.0.0.1")).isNull();
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedFor("10.0.0.1")).isEqualTo(Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.lockedFor("10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.lockedFor("10.0.0.1")).isNull();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        clock.advance(Duration.ofSeconds(61));
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedFor("10.0.0.1")).isNull();
    }

    @Test
    void oneAddressDoesNotLockAnother() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.lockedFor("10.0.0.2")).isNull();
    }

    @Test
    void theTrackedAddressesAreBoundedOldestForgottenFirst() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.2");
        throttle.failed("10.0.0.3");
        // 10.0.0.1's two failures were forgotten when the third address came (two tracked at most).
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedFor("10.0.0.1")).isNull();
    }
}
