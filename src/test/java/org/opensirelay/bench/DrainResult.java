package org.opensirelay.bench;

/** A backlog delivered to the stub shop: from "deliver now" to the last item received. */
record DrainResult(int items, double seconds, long peakRssKb, int duplicates) {

    double itemsPerSecond() {
        return items / seconds;
    }

    double peakRssMib() {
        return peakRssKb / 1024.0;
    }

    @Override
    public String toString() {
        return String.format(
                "drain %d items: %.2f s, %.0f items/s, peak RSS %.0f MiB, %d received twice",
                items, seconds, itemsPerSecond(), peakRssMib(), duplicates);
    }
}
