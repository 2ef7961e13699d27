package org.opensirelay.bench;

/** Ingest-to-shop latency in immediate mode, in milliseconds. */
record ImmediateResult(int samples, double p50Ms, double p99Ms, double maxMs) {

    @Override
    public String toString() {
        return String.format("%d items: p50 %.0f ms, p99 %.0f ms, max %.0f ms", samples, p50Ms, p99Ms, maxMs);
    }
}
