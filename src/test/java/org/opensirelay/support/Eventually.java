package org.opensirelay.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits, briefly and boundedly, for something a background thread (Quartz, another process) does. */
public final class Eventually {

    private Eventually() {}

    /** Polls every 20 ms; fails after {@code limit}. Returns how long it took. */
    public static Duration within(Duration limit, String what, BooleanSupplier condition) {
        return within(limit, () -> what, condition);
    }

    /** As above, the failure described when it happens (what a background thread left, say). */
    public static Duration within(Duration limit, Supplier<String> what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what.get(), e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
