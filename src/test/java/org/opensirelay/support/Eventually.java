package org.opensirelay.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, briefly and boundedly, for something a background thread (Quartz, another process) does. */
public final class Eventually {

    private Eventually() {}

    /** Polls every 20 ms; fails after {@code limit}. Returns how long it took. */
    public static Duration within(Duration limit, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
