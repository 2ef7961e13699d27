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
import java.util.Map;
import java.util.Optional;

/** {@code BENCHMARKS.md} and its chart, from one run's results. */
final class BenchmarkReport {

    /** One target of the benchmark issue, with what this run measured against it; met is null when the run did not measure it. */
    record Verdict(String target, String measured, Boolean met) {}

    private BenchmarkReport() {}

    static void write(BenchmarkResults results, BenchmarkSettings settings) throws IOException {
        Path markdown = settings.markdown().toAbsolutePath();
        Path chart = settings.chart().toAbsolutePath();
        Files.createDirectories(markdown.getParent());
        Files.createDirectories(chart.getParent());
        BenchmarkChart.write(results, chart);
        Files.writeString(
                markdown,
                markdown(results, markdown.getParent().relativize(chart).toString()));
    }

    /** The concurrency the targets name (32), or the nearest below it that was measured. */
    static int referenceConcurrency(BenchmarkResults results) {
        return results.settings.concurrencies().stream()
                .filter(c -> c <= 32)
                .max(Integer::compare)
                .orElse(results.settings.concurrencies().get(0));
    }

    static List<Verdict> verdicts(BenchmarkResults results) {
        List<Verdict> verdicts = new ArrayList<>();
        int c = referenceConcurrency(results);
        int c100 = results.settings.concurrencies().contains(8) ? 8 : c;
        Optional<LoadResult> relay1 = results.ingest(Benchmark.RELAY, 1, c);
        Optional<LoadResult> textbook1 = results.ingest(Benchmark.TEXTBOOK_DURABLE, 1, c);
        Optional<LoadResult> noop1 = results.ingest(Benchmark.NOOP, 1, c);
        if (relay1.isPresent() && textbook1.isPresent()) {
            verdicts.add(ratio(
                    "1-item envelopes, c=" + c + ": ≥ 2× the durable textbook",
                    relay1.get(),
                    textbook1.get(),
                    false,
                    2));
        }
        if (relay1.isPresent() && noop1.isPresent()) {
            verdicts.add(ratio(
                    "1-item envelopes, c=" + c + ": ≥ 0.3× the same-stack no-op",
                    relay1.get(),
                    noop1.get(),
                    false,
                    0.3));
        }
        relay1.ifPresent(r -> verdicts.add(new Verdict(
                "1-item envelopes, c=" + c + ": p99 < 50 ms",
                String.format(Locale.ROOT, "**%.1f ms**", r.p99Ms()),
                r.p99Ms() < 50)));
        Optional<LoadResult> relay100 = results.ingest(Benchmark.RELAY, 100, c100);
        Optional<LoadResult> textbook100 = results.ingest(Benchmark.TEXTBOOK_DURABLE, 100, c100);
        if (relay100.isPresent() && textbook100.isPresent()) {
            verdicts.add(ratio(
                    "100-item envelopes, c=" + c100 + ": ≥ 1.5× the durable textbook",
                    relay100.get(),
                    textbook100.get(),
                    true,
                    1.5));
        }
        relay100.ifPresent(r -> verdicts.add(new Verdict(
                "100-item envelopes, c=" + c100 + ": ≥ 50,000 items/s on this machine",
                String.format(Locale.ROOT, "**%,.0f items/s**", r.itemsPerSecond()),
                r.itemsPerSecond() >= 50_000)));
        relay100.ifPresent(r -> verdicts.add(new Verdict(
                "100-item envelopes, c=" + c100 + ": p99 < 250 ms",
                String.format(Locale.ROOT, "**%.1f ms**", r.p99Ms()),
                r.p99Ms() < 250)));
        if (!results.drains.isEmpty()) {
            DrainResult slowest = results.drains.stream()
                    .min(Comparator.comparingDouble(DrainResult::itemsPerSecond))
                    .orElseThrow();
            verdicts.add(new Verdict(
                    "delivery drain ≥ 5,000 items/s for every backlog (timed from \"deliver now\")",
                    String.format(
                            Locale.ROOT,
                            "slowest **%,.0f items/s** (%,d items)",
                            slowest.itemsPerSecond(),
                            slowest.items()),
                    slowest.itemsPerSecond() >= 5_000));
        }
        if (results.postgresSkipped != null) {
            verdicts.add(new Verdict(
                    "the same report on PostgreSQL (ingest and drain)",
                    "not measured: " + results.postgresSkipped,
                    false));
        } else {
            Optional<LoadResult> pg1 = results.ingest(Benchmark.RELAY_POSTGRES, 1, c);
            Optional<LoadResult> pg100 = results.ingest(Benchmark.RELAY_POSTGRES, 100, c100);
            String drains = results.drainsPostgres.stream()
                    .map(d -> String.format(Locale.ROOT, "%,d/s", Math.round(d.itemsPerSecond())))
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("none");
            verdicts.add(new Verdict(
                    "the same report on PostgreSQL (ingest and drain)",
                    String.format(
                            Locale.ROOT,
                            "1-item c=%d: %s req/s; 100-item c=%d: %s items/s; drains %s",
                            c,
                            pg1.map(r -> String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()))
                                    .orElse("-"),
                            c100,
                            pg100.map(r -> String.format(Locale.ROOT, "%,.0f", r.itemsPerSecond()))
                                    .orElse("-"),
                            drains),
                    pg1.isPresent() && pg100.isPresent() && !results.drainsPostgres.isEmpty()));
        }
        sameWorkVerdicts(results, verdicts, c, c100);
        tailVerdicts(results, verdicts);
        results.afterIdle.stream()
                .filter(r -> r.server().equals(Benchmark.RELAY))
                .findFirst()
                .ifPresent(r -> verdicts.add(new Verdict(
                        String.format(
                                Locale.ROOT,
                                "no stall after idle: p99 < 20 ms at c=1 in the first %d s after a %d s pause",
                                results.settings.idleProbe().toSeconds(),
                                results.settings.idlePause().toSeconds()),
                        String.format(Locale.ROOT, "**%.1f ms** (max %.1f ms)", r.p99Ms(), r.maxMs()),
                        r.p99Ms() < 20)));
        if (results.relayStoredItems > 0 && results.relayFileBytes > 0) {
            double perItem = results.relayFileBytes / 1024.0 / results.relayStoredItems;
            verdicts.add(new Verdict(
                    "compact file: H2 file ÷ items stored ≤ 2 KB",
                    String.format(
                            Locale.ROOT,
                            "%,.0f MB for %,d items = **%.2f KB/item** (%,.0f MB once stopped)",
                            results.relayFileBytes / 1e6,
                            results.relayStoredItems,
                            perItem,
                            results.relayFileBytesAfterClose / 1e6),
                    perItem <= 2));
        }
        String flat = "flat with size: 100-item rate after 5 million stored items ≥ 0.8× the empty-database rate";
        Optional<LoadResult> young = results.ingest(Benchmark.RELAY, 100, 8);
        if (results.flatAfter != null && young.isPresent()) {
            double r = results.flatAfter.itemsPerSecond() / young.get().itemsPerSecond();
            verdicts.add(new Verdict(
                    flat,
                    String.format(
                            Locale.ROOT,
                            "%,.0f items/s holding %,d items vs %,.0f items/s holding %,d = **%.2f×**",
                            results.flatAfter.itemsPerSecond(),
                            results.flatItemsBefore,
                            young.get().itemsPerSecond(),
                            results.relayItemsBefore.getOrDefault("100:8", 0L),
                            r),
                    r >= 0.8));
        } else {
            verdicts.add(new Verdict(
                    flat,
                    String.format(
                            Locale.ROOT,
                            "not measured by this run (the relay held %,d items at its end)",
                            results.relayStoredItems),
                    null));
        }
        double peak = Math.max(results.relayPeakRssKb, results.postgresPeakRssKb) / 1024.0;
        verdicts.add(new Verdict(
                "relay RSS < 512 MiB under every load (H2 and PostgreSQL)",
                String.format(Locale.ROOT, "peak **%.0f MiB**", peak),
                peak < 512));
        return verdicts;
    }

    /** Issue 21: against the same-work textbook on the same database, and PostgreSQL flat with size and drains. */
    private static void sameWorkVerdicts(BenchmarkResults results, List<Verdict> verdicts, int c, int c100) {
        ratioOf(
                verdicts,
                "H2, 100-item envelopes, c=" + c100 + ": ≥ 1.5× the same-work textbook (durable H2)",
                results.ingest(Benchmark.RELAY, 100, c100),
                results.ingest(Benchmark.SAME_WORK, 100, c100),
                true,
                1.5);
        ratioOf(
                verdicts,
                "H2, 1-item envelopes, c=" + c + ": ≥ 2.0× the same-work textbook (durable H2)",
                results.ingest(Benchmark.RELAY, 1, c),
                results.ingest(Benchmark.SAME_WORK, 1, c),
                false,
                2.0);
        if (results.postgresSkipped != null) {
            return;
        }
        Optional<LoadResult> pg1 = results.ingest(Benchmark.RELAY_POSTGRES, 1, c);
        Optional<LoadResult> pg100 = results.ingest(Benchmark.RELAY_POSTGRES, 100, c100);
        ratioOf(
                verdicts,
                "PostgreSQL, 100-item envelopes, c=" + c100 + ": ≥ 1.5× the same-work textbook on PostgreSQL",
                pg100,
                results.ingest(Benchmark.SAME_WORK_POSTGRES, 100, c100),
                true,
                1.5);
        ratioOf(
                verdicts,
                "PostgreSQL, 1-item envelopes, c=" + c + ": ≥ 1.5× the same-work textbook on PostgreSQL",
                pg1,
                results.ingest(Benchmark.SAME_WORK_POSTGRES, 1, c),
                false,
                1.5);
        pg1.ifPresent(r -> verdicts.add(new Verdict(
                "PostgreSQL, 1-item envelopes, c=" + c + ": p99 < 100 ms",
                String.format(Locale.ROOT, "**%.1f ms**", r.p99Ms()),
                r.p99Ms() < 100)));
        String flat = "PostgreSQL flat with size: 100-item rate after "
                + String.format(Locale.ROOT, "%,d", results.settings.postgresFlatItems())
                + " stored items ≥ 0.8× the young-database rate";
        if (results.postgresFlatAfter != null && pg100.isPresent() && c100 == 8) {
            double r = results.postgresFlatAfter.itemsPerSecond() / pg100.get().itemsPerSecond();
            verdicts.add(new Verdict(
                    flat,
                    String.format(
                            Locale.ROOT,
                            "%,.0f items/s holding %,d items vs %,.0f items/s holding %,d = **%.2f×**",
                            results.postgresFlatAfter.itemsPerSecond(),
                            results.postgresFlatItemsBefore,
                            pg100.get().itemsPerSecond(),
                            results.postgresItemsAtYoung100,
                            r),
                    r >= 0.8));
        } else {
            verdicts.add(new Verdict(flat, "not measured by this run", null));
        }
        if (!results.drainsPostgres.isEmpty()) {
            DrainResult slowest = results.drainsPostgres.stream()
                    .min(Comparator.comparingDouble(DrainResult::itemsPerSecond))
                    .orElseThrow();
            verdicts.add(new Verdict(
                    "PostgreSQL: delivery drain ≥ 5,000 items/s for every backlog",
                    String.format(
                            Locale.ROOT,
                            "slowest **%,.0f items/s** (%,d items)",
                            slowest.itemsPerSecond(),
                            slowest.items()),
                    slowest.itemsPerSecond() >= 5_000));
        }
    }

    /**
     * Issue 38: the relay's tails as wrk measured them, on each database, against the limits, and no
     * full collection in any of its measured wrk runs.
     */
    private static void tailVerdicts(BenchmarkResults results, List<Verdict> verdicts) {
        if (results.tailsSkipped != null) {
            verdicts.add(new Verdict("tails by wrk", "not measured: " + results.tailsSkipped, null));
            return;
        }
        // The p99 limits by envelope size (issue 38 names them at 1-item c=32 and 100-item c=8).
        Map<Integer, Double> limits = Map.of(1, 50.0, 100, 150.0);
        List<TailResult> relayTails = new ArrayList<>();
        for (String server : List.of(Benchmark.RELAY, Benchmark.RELAY_POSTGRES)) {
            String database = server.equals(Benchmark.RELAY) ? "H2" : "PostgreSQL";
            for (BenchmarkSettings.Cell cell : results.settings.tailCells()) {
                Optional<TailResult> tail = results.tail(server, cell.size(), cell.concurrency());
                tail.ifPresent(relayTails::add);
                Double limit = limits.get(cell.size());
                if (tail.isPresent() && limit != null) {
                    TailResult t = tail.get();
                    verdicts.add(new Verdict(
                            String.format(
                                    Locale.ROOT,
                                    "%s, %d-item envelopes, c=%d: p99 < %.0f ms by wrk",
                                    database,
                                    cell.size(),
                                    cell.concurrency(),
                                    limit),
                            String.format(
                                    Locale.ROOT,
                                    "**%.1f ms** (p99.9 %.1f ms, %,.0f req/s)",
                                    t.wrk().p99Ms(),
                                    t.wrk().p999Ms(),
                                    t.requestsPerSecond()),
                            t.wrk().p99Ms() < limit && t.wrk().errors() == 0));
                }
            }
        }
        if (!relayTails.isEmpty()) {
            long full =
                    relayTails.stream().mapToLong(TailResult::fullCollections).sum();
            boolean known = relayTails.stream().allMatch(t -> t.fullCollections() >= 0);
            verdicts.add(new Verdict(
                    "no full collection during steady load (the relay, every wrk run, `"
                            + String.join(" ", results.settings.serverJvmOptions()) + "`)",
                    known ? String.format(Locale.ROOT, "**%d** in %d runs", full, relayTails.size()) : "not known",
                    known ? full == 0 : null));
        }
    }

    private static LoadResult young100(BenchmarkResults results) {
        return results.ingest(Benchmark.RELAY, 100, 8).orElseThrow();
    }

    /** The ratio verdict when both runs were measured. */
    private static void ratioOf(
            List<Verdict> verdicts,
            String target,
            Optional<LoadResult> relay,
            Optional<LoadResult> peer,
            boolean items,
            double wanted) {
        if (relay.isPresent() && peer.isPresent()) {
            verdicts.add(ratio(target, relay.get(), peer.get(), items, wanted));
        }
    }

    private static Verdict ratio(String target, LoadResult relay, LoadResult peer, boolean items, double wanted) {
        double r = items
                ? relay.itemsPerSecond() / peer.itemsPerSecond()
                : relay.requestsPerSecond() / peer.requestsPerSecond();
        return new Verdict(
                target,
                String.format(
                        Locale.ROOT,
                        "%,.0f vs %,.0f %s = **%.2f×**",
                        items ? relay.itemsPerSecond() : relay.requestsPerSecond(),
                        items ? peer.itemsPerSecond() : peer.requestsPerSecond(),
                        items ? "items/s" : "req/s",
                        r),
                r >= wanted);
    }

    /** The drains of one database: the first after start-up (if any) apart, then the measured ones. */
    private static void drainTable(StringBuilder md, DrainResult cold, List<DrainResult> drains) {
        md.append("| backlog | seconds | items/s | peak RSS MiB | received twice |\n|---:|---:|---:|---:|---:|\n");
        if (cold != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d, first after start-up: the warm-up (not in the targets) | %.2f | %,.0f | %.0f | %d |%n",
                    cold.items(),
                    cold.seconds(),
                    cold.itemsPerSecond(),
                    cold.peakRssMib(),
                    cold.duplicates()));
        }
        for (DrainResult d : drains) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d | %.2f | %,.0f | %.0f | %d |%n",
                    d.items(),
                    d.seconds(),
                    d.itemsPerSecond(),
                    d.peakRssMib(),
                    d.duplicates()));
        }
    }

    private static String postgresVersion(BenchmarkResults results) {
        return results.postgresVersion == null ? "(not reachable in this run)" : results.postgresVersion;
    }

    static String markdown(BenchmarkResults results, String chart) {
        BenchmarkSettings s = results.settings;
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        if (s.smoke()) {
            md.append(
                    "**Smoke run** (seconds per step): it checks that the harness works, its numbers mean little.\n\n");
        }
        md.append(String.format(
                Locale.ROOT,
                "Measured on %s by `bench/run`: %s, **%d cores**, **%.1f GiB** memory, %s, Java %s.%n%n",
                results.date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
                Machine.cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Machine.memoryGib(),
                Machine.os(),
                System.getProperty("java.version")));
        md.append("Everything runs on this one machine at once: the servers (each in its own JVM with `")
                .append(String.join(" ", s.serverJvmOptions()))
                .append("`), the load generator (a JVM of its own: ")
                .append(
                        "closed loop, keep-alive connections, one envelope after another per connection, every comment ")
                .append(
                        "with a new CommentId; a request counts as an error unless answered HTTP 200 with one `1001` per item) ")
                .append("and, for delivery, the stub shop. Each load run: ")
                .append(s.warmup().toMillis() / 1000.0)
                .append(" s warm-up, then ")
                .append(s.duration().toMillis() / 1000.0)
                .append(" s measured; each server had ")
                .append(s.initialWarmup().toMillis() / 1000.0)
                .append(
                        " s of warm-up per envelope size first. Latencies are per request, in ms; peak RSS is the kernel's high-water mark ")
                .append("(VmHWM) of the server's process during that run.\n\n");
        md.append("- **relay**: `java ")
                .append(String.join(" ", s.serverJvmOptions()))
                .append(" -jar target/opensi-relay.jar`, ")
                .append(
                        "default settings, embedded H2 file database; every item checked (key, schema) and stored with its outbox row ")
                .append("before the answer.\n");
        md.append("- **relay on PostgreSQL**: the same relay on PostgreSQL ")
                .append(postgresVersion(results))
                .append(
                        " on this machine (a new schema; run after the H2 peers have stopped and before the relay's big H2 fill, ")
                .append("whose write-back to disk distorted earlier PostgreSQL figures, with the same load).\n");
        md.append(
                        "- **same-work textbook** (durable H2, and on PostgreSQL beside the relay there): a one-day implementation that ")
                .append(
                        "does the relay's job — the textbook's Spring-WS stack and schema validation, then in one transaction it reads ")
                .append(
                        "which CommentIds exist through its table's primary key, one index lookup per key (PostgreSQL: `comment_id = ANY(?)`; ")
                .append(
                        "H2: the row-value `(website_code, comment_id) IN ((?, ?), ...)`; `SameWorkPeerPlanTest` checks both plans), inserts the new comments, updates the ")
                .append(
                        "changed ones, answers 1001/1002/2001 per item and adds one outbox row per change (`--textbook.same-work=true`). ")
                .append(
                        "No audit row, no WS-Security, no write-combining, no delivery. On PostgreSQL it relies on autovacuum ")
                .append(
                        "for its planner statistics, as most applications do; where autovacuum is off (this machine's server), the ")
                .append(
                        "harness analyzes its tables every 10 s for it (the relay keeps its own, `database.PlannerStatistics`).\n");
        md.append(
                        "- **textbook, durable**: what a team would write in a day (`textbook.TextbookOpensiServer` in the test tree): ")
                .append(
                        "Spring Web Services with `PayloadValidatingInterceptor` (the contract's schema), a `@PayloadRoot` endpoint ")
                .append(
                        "checking the header key and Website_Code, a JdbcTemplate batch insert into one H2 table in one transaction, ")
                .append(
                        "`WRITE_DELAY=0` so that each commit is in the file before the answer (the relay's promise).\n");
        md.append(
                        "- **textbook, H2 default**: the same with H2's default 500 ms write delay: faster, and an acknowledged item ")
                .append("can be lost when the process dies.\n");
        md.append(
                        "- **no-op (same stack)**: the same Spring Boot, Tomcat and CXF serving the same WSDL, answering `1001` per item ")
                .append("without checking or storing anything (`NoopOpensiServer`): the ceiling of our stack.\n");
        md.append("- **WireMock** standalone ")
                .append(s.wiremockJar().getFileName().toString().replaceAll("^wiremock-standalone-|\\.jar$", ""))
                .append(
                        " serving a canned `setCommentsResponse` with one `1001` per item (`--no-request-journal`).\n\n");

        md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        for (Verdict verdict : verdicts(results)) {
            md.append("| ")
                    .append(verdict.target())
                    .append(" | ")
                    .append(verdict.measured())
                    .append(" | ")
                    .append(verdict.met() == null ? "not measured" : verdict.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        md.append("\n![Throughput and p99 latency against concurrency](")
                .append(chart)
                .append(")\n\n");

        for (int size : s.sizes()) {
            md.append("## Ingest: ").append(size).append("-item envelopes\n\n");
            md.append(
                    "| concurrency | server | requests/s | items/s | p50 ms | p99 ms | p99.9 ms | errors | peak RSS MiB |\n");
            md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int c : s.concurrencies()) {
                for (LoadResult r : results.ingest) {
                    if (r.size() == size && r.concurrency() == c) {
                        md.append(String.format(
                                Locale.ROOT,
                                "| %d | %s | %,.0f | %,.0f | %.1f | %.1f | %.1f | %d | %.0f |%n",
                                c,
                                r.server(),
                                r.requestsPerSecond(),
                                r.itemsPerSecond(),
                                r.p50Ms(),
                                r.p99Ms(),
                                r.p999Ms(),
                                r.errors(),
                                r.peakRssMib()));
                    }
                }
            }
            md.append('\n');
        }

        if (!results.tails.isEmpty()) {
            md.append("## Tails by wrk\n\n");
            md.append(
                            "The same envelopes (every CommentId new, every answer checked) sent by Debian's `wrk` with `bench/wrk/set-comments.lua`, ")
                    .append(
                            "two threads, each run after a warm-up run of its own; full collections are the server JVM's ")
                    .append("(`jstat`'s FGC) during the measured run.\n\n");
            md.append(
                    "| cell | server | requests/s | items/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | full collections |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (TailResult t : results.tails) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %d-item, c=%d | %s | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | %d | %d |%n",
                        t.size(),
                        t.concurrency(),
                        t.server(),
                        t.requestsPerSecond(),
                        t.itemsPerSecond(),
                        t.wrk().p50Ms(),
                        t.wrk().p99Ms(),
                        t.wrk().p999Ms(),
                        t.wrk().maxMs(),
                        t.wrk().errors(),
                        t.fullCollections()));
            }
            md.append('\n');
        }

        if (!results.afterIdle.isEmpty()) {
            md.append("## After idle: the first seconds of a burst\n\n");
            md.append(String.format(
                    Locale.ROOT,
                    "Every server sat idle for %d s (as between the ERP's runs every 10 minutes), then each in turn "
                            + "got 1-item envelopes one at a time (c=1) for %d s, measured from the first request, no warm-up.%n%n",
                    results.settings.idlePause().toSeconds(),
                    results.settings.idleProbe().toSeconds()));
            md.append("| server | requests | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
            for (LoadResult r : results.afterIdle) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %,d | %.1f | %.1f | %.1f |%n",
                        r.server(),
                        r.requests(),
                        r.p50Ms(),
                        r.p99Ms(),
                        r.maxMs()));
            }
            md.append('\n');
        }
        if (results.flatAfter != null) {
            md.append("## Flat with size\n\n");
            if (results.flatFill != null) {
                md.append(String.format(
                        Locale.ROOT,
                        "After the drains, the relay was filled with %,d more comments in 100-item envelopes at "
                                + "c=8 (%.0f s, %,.0f items/s on average, %d errors, peak RSS %.0f MiB). ",
                        results.flatFill.requests() * 100,
                        results.flatFill.seconds(),
                        results.flatFill.itemsPerSecond(),
                        results.flatFill.errors(),
                        results.flatFill.peakRssMib()));
            }
            md.append(String.format(
                    Locale.ROOT,
                    "The 100-item c=8 run, again, holding %,d items: %,.0f items/s, p99 %.1f ms "
                            + "(on the young database, holding %,d items: %,.0f items/s, p99 %.1f ms).%n%n",
                    results.flatItemsBefore,
                    results.flatAfter.itemsPerSecond(),
                    results.flatAfter.p99Ms(),
                    results.relayItemsBefore.getOrDefault("100:8", 0L),
                    young100(results).itemsPerSecond(),
                    young100(results).p99Ms()));
        }
        if (results.relayFileBytes > 0) {
            md.append("## Database file\n\n");
            md.append(String.format(
                    Locale.ROOT,
                    "The relay's H2 file held %,d items (every ingest run above, the drains' backlogs, "
                            + "the immediate-mode items and the flat-with-size fill, if any; nothing old enough for retention to purge) in **%,.1f MB** at the end of its runs: "
                            + "**%.2f KB per item**; %,.1f MB once the relay had stopped.%n%n",
                    results.relayStoredItems,
                    results.relayFileBytes / 1e6,
                    results.relayFileBytes / 1024.0 / results.relayStoredItems,
                    results.relayFileBytesAfterClose / 1e6));
        }
        md.append("## Delivery: draining a backlog to a stub shop\n\n");
        md.append("A website's backlog of new comments (posted in 100-item envelopes) is delivered on \"deliver now\" ")
                .append(
                        "(`POST /api/websites/{code}/deliver`; each backlog on a website of its own) to a stub shop on this machine (a JDK HTTP server that parses each ")
                .append(
                        "envelope and answers a real `setCommentsResponse`); timed from the call to the last item received. ")
                .append(
                        "The first drain after start-up (a larger backlog) runs the delivery code until the JVM has compiled it ")
                .append(
                        "(the claims' SQL, the shop client's marshalling, its HTTP connection): it is the drains' warm-up, shown apart, ")
                .append("as the ingest runs have theirs. ")
                .append("The relay's database already holds everything the ingest runs stored (")
                .append(String.format(Locale.ROOT, "%,d", results.relayStoredItems))
                .append(" items by the end of the run).\n\n");
        drainTable(md, results.coldDrain, results.drains);
        if (!results.drainsPostgres.isEmpty()) {
            md.append(
                    "\nThe same drains on PostgreSQL, with its default of two batches in flight (`relay.delivery.concurrent-batches`; one on H2):\n\n");
            drainTable(md, results.coldDrainPostgres, results.drainsPostgres);
        }
        if (results.immediate != null) {
            md.append("\n## Immediate mode: ingest to shop\n\n");
            md.append(String.format(
                            Locale.ROOT,
                            "%d one-comment envelopes posted one at a time, %d ms apart, to a website with ",
                            results.immediate.samples(),
                            s.immediateGap().toMillis()))
                    .append(
                            "`delivery.immediate=true`; each timed from the moment it is sent to the relay to the moment the stub ")
                    .append("shop receives it.\n\n");
            md.append(String.format(
                    Locale.ROOT,
                    "| p50 | p99 | max |%n|---:|---:|---:|%n| %.0f ms | %.0f ms | %.0f ms |%n",
                    results.immediate.p50Ms(),
                    results.immediate.p99Ms(),
                    results.immediate.maxMs()));
        }
        md.append("\n## Start-up: process start to the first answer\n\n| server | first answer |\n|---|---:|\n");
        results.startup.forEach((server, time) -> md.append(String.format(
                Locale.ROOT,
                "| %s | %.2f s (%s) |%n",
                server,
                time.toMillis() / 1000.0,
                server.equals(Benchmark.WIREMOCK)
                        ? "`/__admin/mappings`"
                        : server.startsWith("textbook")
                                ? "`opensi.wsdl`, empty database"
                                : "`?wsdl`, empty database")));
        md.append("\nReproduce: `bench/run` (see docs/benchmarks.md). Numbers on a 2-core machine that also runs ")
                .append("the load generator vary by 10-30 % from run to run; compare servers within one run.\n");
        return md.toString();
    }

    /** What the report says about the machine. */
    static final class Machine {

        private Machine() {}

        static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst()
                        .orElse("unknown CPU");
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
