package org.opensirelay.bench;

import java.util.Locale;

/**
 * One wrk run against one server ({@link WrkLoad}): the tails, and the full collections the
 * server's JVM made during the measured window ({@code jstat}'s FGC before and after; -1 unknown).
 */
record TailResult(String server, int size, int concurrency, WrkLoad.Result wrk, long fullCollections) {

    double requestsPerSecond() {
        return wrk.requests() / wrk.seconds();
    }

    double itemsPerSecond() {
        return requestsPerSecond() * size;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "wrk %s %d-item c=%d: %.0f req/s, %.0f items/s, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms,"
                        + " errors %d, full collections %d",
                server,
                size,
                concurrency,
                requestsPerSecond(),
                itemsPerSecond(),
                wrk.p50Ms(),
                wrk.p99Ms(),
                wrk.p999Ms(),
                wrk.maxMs(),
                wrk.errors(),
                fullCollections);
    }
}
