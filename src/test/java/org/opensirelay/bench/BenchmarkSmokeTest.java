package org.opensirelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's smoke mode, run by {@code ./mvnw verify}: the whole harness (three servers in
 * their own JVMs, the load generator, the drain, immediate mode, the report and the chart) for a
 * second or so per step, so that {@code bench/run} keeps working. It checks that every step
 * measured something and that every answer was right, not how fast anything was.
 */
class BenchmarkSmokeTest {

    @Test
    void theBenchmarkRunsEveryStepAndWritesItsReportAndChart() throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.smoke(Path.of("target/bench-smoke"));

        BenchmarkResults results = new Benchmark(settings).run();
        BenchmarkReport.write(results, settings);

        List<String> servers = List.of(Benchmark.RELAY, Benchmark.NOOP, Benchmark.WIREMOCK);
        assertThat(results.startup).containsOnlyKeys(servers);
        assertThat(results.ingest).hasSize(servers.size() * settings.sizes().size() * settings.concurrencies().size());
        for (LoadResult run : results.ingest) {
            assertThat(run.requests()).as("requests answered in %s", run).isPositive();
            assertThat(run.errors()).as("wrong answers in %s", run).isZero();
            assertThat(run.p99Ms()).as("p99 of %s", run).isGreaterThanOrEqualTo(run.p50Ms()).isPositive();
            assertThat(run.peakRssMib()).as("peak memory of %s", run).isPositive();
        }
        assertThat(results.drains).singleElement().satisfies(drain -> {
            assertThat(drain.items()).isEqualTo(1_000);
            assertThat(drain.duplicates()).as("items the shop received twice").isZero();
            assertThat(drain.itemsPerSecond()).isPositive();
        });
        assertThat(results.immediate.samples()).isEqualTo(settings.immediateSamples());
        assertThat(results.immediate.p99Ms()).isPositive().isLessThan(60_000);
        assertThat(results.relayStoredItems).isGreaterThan(1_000 + settings.immediateSamples());

        String report = Files.readString(settings.markdown());
        assertThat(report).contains("## Targets", "## Ingest: 1-item envelopes", "## Ingest: 100-item envelopes",
                "## Delivery: draining a backlog", "## Immediate mode", "## Start-up", "benchmarks.png");
        for (String server : servers) {
            assertThat(report).contains("| 8 | " + server + " |");
        }
        assertThat(BenchmarkReport.verdicts(results)).extracting(BenchmarkReport.Verdict::target)
                .anyMatch(t -> t.contains("no-op")).anyMatch(t -> t.contains("WireMock")).anyMatch(t -> t.contains("drain"))
                .anyMatch(t -> t.contains("immediate")).anyMatch(t -> t.contains("RSS"));
        BufferedImage chart = ImageIO.read(settings.chart().toFile());
        assertThat(chart.getWidth()).isEqualTo(BenchmarkChart.WIDTH);
        assertThat(chart.getHeight()).isEqualTo(BenchmarkChart.HEIGHT);
    }
}
