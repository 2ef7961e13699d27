package org.opensirelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Postgres;

/**
 * The benchmark's smoke mode, run by {@code ./mvnw verify}: the whole harness (the relay, the
 * textbook peer, the no-op endpoint and WireMock in their own JVMs, the load generator, the idle
 * pause, the drain, immediate mode, the relay again on PostgreSQL, the report and the chart) for a
 * second or so per step, so that {@code bench/run} keeps working. It checks that every step
 * measured something and that every answer was right, not how fast anything was.
 */
class BenchmarkSmokeTest {

    @Test
    void theBenchmarkRunsEveryStepAndWritesItsReportAndChart() throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.smoke(Path.of("target/bench-smoke"));

        BenchmarkResults results = new Benchmark(settings).run();
        BenchmarkReport.write(results, settings);

        List<String> servers = new ArrayList<>(List.of(
                Benchmark.RELAY,
                Benchmark.TEXTBOOK_DURABLE,
                Benchmark.TEXTBOOK,
                Benchmark.SAME_WORK,
                Benchmark.NOOP,
                Benchmark.WIREMOCK));
        if (Postgres.reachable()) {
            servers.addAll(List.of(Benchmark.RELAY_POSTGRES, Benchmark.SAME_WORK_POSTGRES));
            assertThat(results.drainsPostgres)
                    .singleElement()
                    .satisfies(drain -> assertThat(drain.duplicates()).isZero());
            assertThat(results.postgresFlatItemsBefore)
                    .as("items held on PostgreSQL for its flat-with-size run")
                    .isGreaterThanOrEqualTo(settings.postgresFlatItems());
            assertThat(results.postgresFlatAfter.errors()).isZero();
            assertThat(BenchmarkReport.verdicts(results))
                    .extracting(BenchmarkReport.Verdict::target)
                    .anyMatch(t -> t.contains("same-work textbook on PostgreSQL"))
                    .anyMatch(t -> t.startsWith("PostgreSQL flat with size"));
        } else {
            assertThat(System.getenv("CI"))
                    .as("PostgreSQL is required on CI: " + results.postgresSkipped)
                    .isNotEqualTo("true");
        }
        assertThat(results.startup).containsOnlyKeys(servers);
        assertThat(results.ingest)
                .hasSize(servers.size()
                        * settings.sizes().size()
                        * settings.concurrencies().size());
        for (LoadResult run : results.ingest) {
            assertThat(run.requests()).as("requests answered in %s", run).isPositive();
            assertThat(run.errors()).as("wrong answers in %s", run).isZero();
            assertThat(run.p99Ms())
                    .as("p99 of %s", run)
                    .isGreaterThanOrEqualTo(run.p50Ms())
                    .isPositive();
            assertThat(run.peakRssMib()).as("peak memory of %s", run).isPositive();
        }
        // The tails by wrk: each tail cell on the relay and its same-work peer, on each database. Without
        // wrk they are skipped and the report says so, as for PostgreSQL; CI requires them.
        if (results.tailsSkipped != null) {
            assertThat(System.getenv("CI"))
                    .as("wrk is required on CI: " + results.tailsSkipped)
                    .isNotEqualTo("true");
            assertThat(results.tails).isEmpty();
        } else {
            List<String> tailServers = Postgres.reachable()
                    ? List.of(
                            Benchmark.RELAY,
                            Benchmark.SAME_WORK,
                            Benchmark.RELAY_POSTGRES,
                            Benchmark.SAME_WORK_POSTGRES)
                    : List.of(Benchmark.RELAY, Benchmark.SAME_WORK);
            assertThat(results.tails)
                    .extracting(TailResult::server)
                    .containsOnly(tailServers.toArray(String[]::new))
                    .hasSize(tailServers.size() * settings.tailCells().size());
        }
        for (TailResult tail : results.tails) {
            assertThat(tail.wrk().requests())
                    .as("requests answered in %s", tail)
                    .isPositive();
            assertThat(tail.wrk().errors()).as("wrong answers in %s", tail).isZero();
            assertThat(tail.wrk().p99Ms())
                    .as("p99 of %s", tail)
                    .isGreaterThanOrEqualTo(tail.wrk().p50Ms());
            assertThat(tail.fullCollections())
                    .as("full collections counted in %s", tail)
                    .isNotNegative();
        }
        assertThat(results.drains).singleElement().satisfies(drain -> {
            assertThat(drain.items()).isEqualTo(settings.drains().get(0));
            assertThat(drain.duplicates()).as("items the shop received twice").isZero();
            assertThat(drain.itemsPerSecond()).isPositive();
        });
        assertThat(results.immediate.samples()).isEqualTo(settings.immediateSamples());
        assertThat(results.immediate.p99Ms()).isPositive().isLessThan(60_000);
        assertThat(results.relayStoredItems).isGreaterThan(settings.drains().get(0) + settings.immediateSamples());
        assertThat(results.afterIdle)
                .extracting(LoadResult::server)
                .containsExactly(Benchmark.RELAY, Benchmark.TEXTBOOK_DURABLE);
        assertThat(results.afterIdle).allSatisfy(run -> {
            assertThat(run.requests())
                    .as("requests answered after idle by %s", run)
                    .isPositive();
            assertThat(run.errors()).as("wrong answers after idle by %s", run).isZero();
        });
        assertThat(results.relayFileBytes).isPositive();
        assertThat(results.flatItemsBefore)
                .as("items held for the flat-with-size run")
                .isGreaterThanOrEqualTo(settings.flatItems());
        assertThat(results.flatAfter.errors()).as("wrong answers once filled").isZero();
        assertThat(results.flatAfter.requests()).isPositive();

        String report = Files.readString(settings.markdown());
        assertThat(report)
                .contains(
                        "## Targets",
                        "## Ingest: 1-item envelopes",
                        "## Ingest: 100-item envelopes",
                        "## After idle",
                        "## Flat with size",
                        "## Database file",
                        "## Delivery: draining a backlog",
                        "## Immediate mode",
                        "## Start-up",
                        "benchmarks.png");
        for (String server : servers) {
            assertThat(report).contains("| 8 | " + server + " |");
        }
        assertThat(BenchmarkReport.verdicts(results))
                .extracting(BenchmarkReport.Verdict::target)
                .anyMatch(t -> t.contains("textbook"))
                .anyMatch(t -> t.contains("same-work textbook (durable H2)"))
                .anyMatch(t -> t.contains("no-op"))
                .anyMatch(t -> t.contains("drain"))
                .anyMatch(t -> t.contains("PostgreSQL"))
                .anyMatch(t -> t.contains("idle"))
                .anyMatch(t -> t.contains("file"))
                .anyMatch(t -> t.contains("RSS"))
                .anyMatch(t -> t.endsWith("by wrk"));
        if (results.tailsSkipped == null) {
            assertThat(report).contains("## Tails by wrk");
            assertThat(BenchmarkReport.verdicts(results))
                    .extracting(BenchmarkReport.Verdict::target)
                    .anyMatch(t -> t.startsWith("no full collection"));
        }
        assertThat(BenchmarkReport.verdicts(results))
                .filteredOn(v -> v.target().startsWith("flat with size"))
                .singleElement()
                .satisfies(v -> assertThat(v.met()).as("measured, met or not").isNotNull());
        BufferedImage chart = ImageIO.read(settings.chart().toFile());
        assertThat(chart.getWidth()).isEqualTo(BenchmarkChart.WIDTH);
        assertThat(chart.getHeight()).isEqualTo(BenchmarkChart.HEIGHT);
    }
}
