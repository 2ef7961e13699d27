package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RetryPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static DeliveryProperties properties(int maxAttempts, Duration maxAge) {
        return new DeliveryProperties(
                100,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                maxAttempts,
                maxAge,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                1);
    }

    /** A generator that always draws {@code value} in [0, 1). */
    private static RandomGenerator always(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void delaysDoubleFromTheInitialBackoffAndStopAtTheCap() {
        RetryPolicy highest = new RetryPolicy(properties(50, Duration.ofDays(7)), always(0.999999));
        assertThat(highest.delayAfter(1)).isBetween(Duration.ofSeconds(59), Duration.ofMinutes(1));
        assertThat(highest.delayAfter(2)).isBetween(Duration.ofSeconds(119), Duration.ofMinutes(2));
        assertThat(highest.delayAfter(3)).isBetween(Duration.ofSeconds(239), Duration.ofMinutes(4));
        assertThat(highest.delayAfter(7)).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
        assertThat(highest.delayAfter(40)).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
    }

    @Test
    void eachDelayIsDrawnBetweenHalfAndAllOfItsValue() {
        RetryPolicy lowest = new RetryPolicy(properties(50, Duration.ofDays(7)), always(0.0));
        assertThat(lowest.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(lowest.delayAfter(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(lowest.delayAfter(100)).isEqualTo(Duration.ofMinutes(30));
        RetryPolicy random =
                new RetryPolicy(properties(50, Duration.ofDays(7)), RandomGenerator.of("L64X128MixRandom"));
        for (int i = 0; i < 1000; i++) {
            assertThat(random.delayAfter(2)).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2));
        }
    }

    @Test
    void givesUpAfterMaxAttemptsOrOnceOlderThanMaxAge() {
        RetryPolicy policy = new RetryPolicy(properties(5, Duration.ofDays(7)), always(0.5));
        assertThat(policy.exhausted(4, T0, T0.plusSeconds(60))).isFalse();
        assertThat(policy.exhausted(5, T0, T0.plusSeconds(60))).isTrue();
        assertThat(policy.exhausted(1, T0, T0.plus(Duration.ofDays(7)))).isFalse();
        assertThat(policy.exhausted(1, T0, T0.plus(Duration.ofDays(7)).plusMillis(1)))
                .isTrue();
    }
}
