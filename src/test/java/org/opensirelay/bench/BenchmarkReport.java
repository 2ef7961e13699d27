package org.opensirelay.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code BENCHMARKS.md} and its chart, from one run's results. */
final class BenchmarkReport {

    /** One target of the benchmark issue, with what this run measured against it. */
    record Verdict(String target, String measured, boolean met) {
    }

    private BenchmarkReport() {
    }

    static void write(BenchmarkResults results, BenchmarkSettings settings) throws IOException {
        Path markdown = settings.markdown().toAbsolutePath();
        Path chart = settings.chart().toAbsolutePath();
        Files.createDirectories(markdown.getParent());
        Files.createDirectories(chart.getParent());
        BenchmarkChart.write(results, chart);
        Files.writeString(markdown, markdown(results, markdown.getParent().relativize(chart).toString()));
    }

    /** The concurrency the targets name (32), or the nearest below it that was measured. */
    static int referenceConcurrency(BenchmarkResults results) {
        return results.settings.concurrencies().stream().filter(c -> c <= 32).max(Integer::compare)
                .orElse(results.settings.concurrencies().get(0));
    }

    static List<Verdict> verdicts(BenchmarkResults results) {
        List<Verdict> verdicts = new ArrayList<>();
        int c = referenceConcurrency(results);
        Optional<LoadResult> relay1 = results.ingest(Benchmark.RELAY, 1, c);
        Optional<LoadResult> noop1 = results.ingest(Benchmark.NOOP, 1, c);
        Optional<LoadResult> wiremock1 = results.ingest(Benchmark.WIREMOCK, 1, c);
        if (relay1.isPresent() && noop1.isPresent()) {
            double ratio = relay1.get().requestsPerSecond() / noop1.get().requestsPerSecond();
            verdicts.add(new Verdict("1-item envelopes at c=" + c + ": ≥ 0.7× the no-op endpoint",
                    String.format(Locale.ROOT, "%.0f vs %.0f req/s = **%.2f×**", relay1.get().requestsPerSecond(),
                            noop1.get().requestsPerSecond(), ratio), ratio >= 0.7));
        }
        results.ingest.stream().filter(r -> r.server().equals(Benchmark.RELAY) && r.size() == 100)
                .max(Comparator.comparingDouble(LoadResult::itemsPerSecond))
                .ifPresent(best -> verdicts.add(new Verdict("100-item envelopes: ≥ 20,000 items/s",
                        String.format(Locale.ROOT, "**%,.0f items/s** (best, at c=%d)", best.itemsPerSecond(), best.concurrency()),
                        best.itemsPerSecond() >= 20_000)));
        relay1.ifPresent(r -> verdicts.add(new Verdict("p99 < 50 ms at c=" + c + " (1-item envelopes)",
                String.format(Locale.ROOT, "**%.1f ms**", r.p99Ms()), r.p99Ms() < 50)));
        results.ingest(Benchmark.RELAY, 100, c).ifPresent(r -> verdicts.add(new Verdict("p99 < 50 ms at c=" + c + " (100-item envelopes)",
                String.format(Locale.ROOT, "**%.1f ms**", r.p99Ms()), r.p99Ms() < 50)));
        if (relay1.isPresent() && wiremock1.isPresent()) {
            double ratio = relay1.get().requestsPerSecond() / wiremock1.get().requestsPerSecond();
            verdicts.add(new Verdict("at least as fast as WireMock (1-item, c=" + c + ")",
                    String.format(Locale.ROOT, "%.0f vs %.0f req/s = **%.2f×**", relay1.get().requestsPerSecond(),
                            wiremock1.get().requestsPerSecond(), ratio), ratio >= 1));
        }
        double worstAgainstWireMock = Double.MAX_VALUE;
        String where = "";
        for (LoadResult relay : results.ingest) {
            if (relay.server().equals(Benchmark.RELAY)) {
                Optional<LoadResult> wiremock = results.ingest(Benchmark.WIREMOCK, relay.size(), relay.concurrency());
                if (wiremock.isPresent() && relay.requestsPerSecond() / wiremock.get().requestsPerSecond() < worstAgainstWireMock) {
                    worstAgainstWireMock = relay.requestsPerSecond() / wiremock.get().requestsPerSecond();
                    where = relay.size() + "-item, c=" + relay.concurrency();
                }
            }
        }
        if (!where.isEmpty()) {
            verdicts.add(new Verdict("at least as fast as WireMock (every cell)",
                    String.format(Locale.ROOT, "lowest ratio **%.2f×** (%s)", worstAgainstWireMock, where), worstAgainstWireMock >= 1));
        }
        if (!results.drains.isEmpty()) {
            DrainResult slowest = results.drains.stream().min(Comparator.comparingDouble(DrainResult::itemsPerSecond)).orElseThrow();
            verdicts.add(new Verdict("delivery drain ≥ 5,000 items/s",
                    String.format(Locale.ROOT, "slowest **%,.0f items/s** (%,d items)", slowest.itemsPerSecond(), slowest.items()),
                    slowest.itemsPerSecond() >= 5_000));
            DrainResult first = results.drains.get(0);
            DrainResult last = results.drains.get(results.drains.size() - 1);
            // Flat both ways: the smaller rate over the larger.
            double flat = Math.min(first.itemsPerSecond(), last.itemsPerSecond()) / Math.max(first.itemsPerSecond(), last.itemsPerSecond());
            verdicts.add(new Verdict("drain flat from the smallest to the largest backlog (slower/faster ≥ 0.8)",
                    String.format(Locale.ROOT, "%,d items: %,.0f/s, %,d items: %,.0f/s = **%.2f×**", first.items(),
                            first.itemsPerSecond(), last.items(), last.itemsPerSecond(), flat), flat >= 0.8));
        }
        if (results.immediate != null) {
            verdicts.add(new Verdict("ingest-to-shop p99 < 1 s (immediate mode)",
                    String.format(Locale.ROOT, "**%.0f ms** (p50 %.0f ms)", results.immediate.p99Ms(), results.immediate.p50Ms()),
                    results.immediate.p99Ms() < 1000));
        }
        double peak = results.relayPeakRssKb / 1024.0;
        verdicts.add(new Verdict("relay RSS < 512 MiB during every run",
                String.format(Locale.ROOT, "peak **%.0f MiB**", peak), peak < 512));
        return verdicts;
    }

    static String markdown(BenchmarkResults results, String chart) {
        BenchmarkSettings s = results.settings;
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        if (s.smoke()) {
            md.append("**Smoke run** (seconds per step): it checks that the harness works, its numbers mean little.\n\n");
        }
        md.append(String.format(Locale.ROOT, "Measured on %s by `bench/run`: %s, **%d cores**, **%.1f GiB** memory, %s, Java %s.%n%n",
                results.date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), Machine.cpuModel(),
                Runtime.getRuntime().availableProcessors(), Machine.memoryGib(), Machine.os(), System.getProperty("java.version")));
        md.append("Everything runs on this one machine at once: the three servers (each in its own JVM with `")
                .append(String.join(" ", s.serverJvmOptions())).append("`), the load generator (a JVM of its own: ")
                .append("closed loop, keep-alive connections, one envelope after another per connection, every comment ")
                .append("with a new CommentId; a request counts as an error unless answered HTTP 200 with one `1001` per item) ")
                .append("and, for delivery, the stub shop. Each load run: ")
                .append(s.warmup().toMillis() / 1000.0).append(" s warm-up, then ").append(s.duration().toMillis() / 1000.0)
                .append(" s measured; each server had ").append(s.initialWarmup().toMillis() / 1000.0)
                .append(" s of warm-up per envelope size first. Latencies are per request, in ms; peak RSS is the kernel's high-water mark ")
                .append("(VmHWM) of the server's process during that run.\n\n");
        md.append("- **relay**: `java ").append(String.join(" ", s.serverJvmOptions())).append(" -jar target/opensi-relay.jar`, ")
                .append("default settings, embedded H2 file database; every item checked (key, schema) and stored with its outbox row ")
                .append("before the answer.\n");
        md.append("- **no-op (same stack)**: the same Spring Boot, Tomcat and CXF serving the same WSDL, answering `1001` per item ")
                .append("without checking or storing anything (`NoopOpensiServer`): the ceiling of our stack.\n");
        md.append("- **WireMock** standalone ").append(s.wiremockJar().getFileName().toString().replaceAll("^wiremock-standalone-|\\.jar$", ""))
                .append(" serving a canned `setCommentsResponse` with one `1001` per item (`--no-request-journal`).\n\n");

        md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        for (Verdict verdict : verdicts(results)) {
            md.append("| ").append(verdict.target()).append(" | ").append(verdict.measured()).append(" | ")
                    .append(verdict.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append("\n![Throughput and p99 latency against concurrency](").append(chart).append(")\n\n");

        for (int size : s.sizes()) {
            md.append("## Ingest: ").append(size).append("-item envelopes\n\n");
            md.append("| concurrency | server | requests/s | items/s | p50 ms | p99 ms | p99.9 ms | errors | peak RSS MiB |\n");
            md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int c : s.concurrencies()) {
                for (LoadResult r : results.ingest) {
                    if (r.size() == size && r.concurrency() == c) {
                        md.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %,.0f | %.1f | %.1f | %.1f | %d | %.0f |%n",
                                c, r.server(), r.requestsPerSecond(), r.itemsPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(),
                                r.errors(), r.peakRssMib()));
                    }
                }
            }
            md.append('\n');
        }

        md.append("## Delivery: draining a backlog to a stub shop\n\n");
        md.append("A website's backlog of new comments (posted in 100-item envelopes) is delivered on \"deliver now\" ")
                .append("(`POST /api/websites/{code}/deliver`; each backlog on a website of its own) to a stub shop on this machine (a JDK HTTP server that parses each ")
                .append("envelope and answers a real `setCommentsResponse`); timed from the call to the last item received. ")
                .append("The first delivery after start-up runs code the JVM has not compiled yet (the shop client's ")
                .append("marshalling, its HTTP connection): it is shown apart, as the ingest runs have a warm-up. ")
                .append("The relay's database already holds everything the ingest runs stored (")
                .append(String.format(Locale.ROOT, "%,d", results.relayStoredItems)).append(" items by the end of the run).\n\n");
        md.append("| backlog | seconds | items/s | peak RSS MiB | received twice |\n|---:|---:|---:|---:|---:|\n");
        if (results.coldDrain != null) {
            DrainResult d = results.coldDrain;
            md.append(String.format(Locale.ROOT, "| %,d, first after start-up (not in the targets) | %.2f | %,.0f | %.0f | %d |%n",
                    d.items(), d.seconds(), d.itemsPerSecond(), d.peakRssMib(), d.duplicates()));
        }
        for (DrainResult d : results.drains) {
            md.append(String.format(Locale.ROOT, "| %,d | %.2f | %,.0f | %.0f | %d |%n", d.items(), d.seconds(), d.itemsPerSecond(),
                    d.peakRssMib(), d.duplicates()));
        }
        if (results.immediate != null) {
            md.append("\n## Immediate mode: ingest to shop\n\n");
            md.append(String.format(Locale.ROOT, "%d one-comment envelopes posted one at a time, %d ms apart, to a website with ",
                    results.immediate.samples(), s.immediateGap().toMillis()))
                    .append("`delivery.immediate=true`; each timed from the moment it is sent to the relay to the moment the stub ")
                    .append("shop receives it.\n\n");
            md.append(String.format(Locale.ROOT, "| p50 | p99 | max |%n|---:|---:|---:|%n| %.0f ms | %.0f ms | %.0f ms |%n",
                    results.immediate.p50Ms(), results.immediate.p99Ms(), results.immediate.maxMs()));
        }
        md.append("\n## Start-up: process start to the first answer\n\n| server | first answer |\n|---|---:|\n");
        results.startup.forEach((server, time) -> md.append(String.format(Locale.ROOT, "| %s | %.2f s (%s) |%n", server,
                time.toMillis() / 1000.0, server.equals(Benchmark.WIREMOCK) ? "`/__admin/mappings`" : "`?wsdl`, empty database")));
        md.append("\nReproduce: `bench/run` (see the README's Benchmarks section). Numbers on a 2-core machine that also runs ")
                .append("the load generator vary by 10-30 % from run to run; compare servers within one run.\n");
        return md.toString();
    }

    /** What the report says about the machine. */
    static final class Machine {

        private Machine() {
        }

        static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
            } catch (IOException e) {
                return "unknown CPU";
            }
        }

        static double memoryGib() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize() / 1024.0 / 1024 / 1024;
            }
            return 0;
        }

        static String os() {
            return System.getProperty("os.name") + " " + System.getProperty("os.version");
        }
    }
}
