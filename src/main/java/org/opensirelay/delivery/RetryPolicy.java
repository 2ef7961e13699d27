package org.opensirelay.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to try again and when to give up. Delays double from the initial backoff up to the cap, and
 * each is drawn between half and all of that value so that items failed together do not all come
 * back together ("equal jitter"). Shops and webhook receivers alike.
 */
public final class RetryPolicy {

    private final Duration initial;
    private final Duration cap;
    private final int maxAttempts;
    private final Duration maxAge;
    private final RandomGenerator random;

    public RetryPolicy(DeliveryProperties properties, RandomGenerator random) {
        this.initial = properties.initialBackoff();
        this.cap = properties.maxBackoff();
        this.maxAttempts = properties.maxAttempts();
        this.maxAge = properties.maxAge();
        this.random = random;
    }

    /** The delay after {@code attempts} failed attempts (1 for the first failure). */
    public Duration delayAfter(int attempts) {
        long capMillis = cap.toMillis();
        long millis = initial.toMillis();
        for (int i = 1; i < attempts && millis < capMillis; i++) {
            millis *= 2;
        }
        millis = Math.min(millis, capMillis);
        long half = millis / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (millis - half)));
    }

    /** Whether an item that failed its {@code attempts}-th attempt is given up. */
    public boolean exhausted(int attempts, Instant createdAt, Instant now) {
        return attempts >= maxAttempts || Duration.between(createdAt, now).compareTo(maxAge) > 0;
    }
}
