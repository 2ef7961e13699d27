package org.opensirelay.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** One load run against one server: latencies in milliseconds, memory in MiB. */
record LoadResult(
        String server,
        int size,
        int concurrency,
        long requests,
        long errors,
        double seconds,
        double p50Ms,
        double p99Ms,
        double p999Ms,
        double maxMs,
        double peakRssMib,
        String firstError) {

    static LoadResult parse(String server, int size, int concurrency, Map<String, String> fields, long peakRssKb) {
        return new LoadResult(
                server,
                size,
                concurrency,
                Long.parseLong(fields.get("requests")),
                Long.parseLong(fields.get("errors")),
                Double.parseDouble(fields.get("seconds")),
                micros(fields, "p50"),
                micros(fields, "p99"),
                micros(fields, "p999"),
                micros(fields, "max"),
                peakRssKb / 1024.0,
                fields.get("firstError"));
    }

    /**
     * The {@code name=value} fields of the line that follows {@code marker} in {@code output} (the load
     * generator's {@code RESULT} line, wrk's {@code wrk-result} line).
     */
    static Map<String, String> fields(String output, String marker) {
        String line = output.substring(output.indexOf(marker) + marker.length())
                .lines()
                .findFirst()
                .orElse("")
                .trim();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : line.split(" ")) {
            int eq = field.indexOf('=');
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return fields;
    }

    double requestsPerSecond() {
        return requests / seconds;
    }

    double itemsPerSecond() {
        return requestsPerSecond() * size;
    }

    private static double micros(Map<String, String> fields, String name) {
        return Long.parseLong(fields.get(name)) / 1000.0;
    }

    @Override
    public String toString() {
        return String.format(
                "%s %d-item c=%d: %.0f req/s, %.0f items/s, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, errors %d, peak RSS %.0f MiB%s",
                server,
                size,
                concurrency,
                requestsPerSecond(),
                itemsPerSecond(),
                p50Ms,
                p99Ms,
                p999Ms,
                errors,
                peakRssMib,
                firstError == null ? "" : " (first error: " + firstError + ")");
    }
}
