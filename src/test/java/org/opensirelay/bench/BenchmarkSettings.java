package org.opensirelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.opensirelay.support.JarProcess;

/**
 * What one benchmark run does: the full run ({@code bench/run}) or the smoke run (a few seconds per
 * step, part of {@code ./mvnw verify}).
 *
 * @param warmupDrain      the backlog of the first drain after start-up, shown apart: it runs the delivery
 *                         code until the JVM has compiled it, as the ingest runs' warm-up does for ingest
 * @param flatItems        the relay is filled up to this many stored items at the end, and its 100-item
 *                         c=8 run repeated (0: not done)
 * @param postgresFlatItems the same on PostgreSQL, after its cells and drains (0: not done)
 * @param serverJvmOptions the JVM options of the three servers (the same for each: the README's)
 * @param relayJar         the relay's executable jar, or null to start it from the class path
 * @param tailCells        the cells whose tails wrk measures, on the relay and its same-work peer
 */
record BenchmarkSettings(
        boolean smoke,
        List<Integer> sizes,
        List<Integer> concurrencies,
        Duration initialWarmup,
        Duration warmup,
        Duration duration,
        int warmupDrain,
        List<Integer> drains,
        long flatItems,
        long postgresFlatItems,
        int immediateSamples,
        Duration immediateGap,
        Duration idlePause,
        Duration idleProbe,
        List<String> serverJvmOptions,
        Path relayJar,
        Path wiremockJar,
        Path workDir,
        Path markdown,
        Path chart,
        List<Cell> tailCells) {

    /** An envelope size and a concurrency. */
    record Cell(int size, int concurrency) {}

    /** The cells the tail targets name: 1-item envelopes at c=32 and 100-item envelopes at c=8. */
    static final List<Cell> TAIL_CELLS = List.of(new Cell(1, 32), new Cell(100, 8));

    /** The relay's production JVM options, as the README gives them. */
    static final List<String> SERVER_JVM_OPTIONS = JarProcess.README_JVM_FLAGS;
    /** Where the build copies WireMock standalone (its version in the name; see the pom). */
    static final Path WIREMOCK_DIR = Path.of("target/bench");

    static BenchmarkSettings full(Path markdown, Path chart) {
        Path jar = Path.of("target/opensi-relay.jar");
        // Concurrency 64 is left out since the textbook peer joined: it showed nothing that 32 does not.
        return new BenchmarkSettings(
                false,
                List.of(1, 100),
                List.of(1, 8, 32),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                20_000,
                List.of(1_000, 10_000, 100_000),
                5_000_000,
                2_000_000,
                200,
                Duration.ofMillis(50),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                SERVER_JVM_OPTIONS,
                Files.exists(jar) ? jar : null,
                findWireMock(),
                Path.of("target/bench-work"),
                markdown,
                chart,
                TAIL_CELLS);
    }

    /**
     * The smallest run that still takes every step: each server started, each cell measured, a drain
     * on each database, each fill (its target well above what the cells store before it, so that it
     * runs on a fast machine too), the report and the chart. The initial warm-up still sends one
     * request per connection and envelope size, so that no cell's second of measuring is spent on a
     * cold server. The servers start with C1 alone ({@code -XX:TieredStopAtLevel=1}, the same for
     * each): nine Spring starts are most of this run, and C2 compiled in them for nothing.
     */
    static BenchmarkSettings smoke(Path outputDir) {
        List<String> serverJvmOptions = new ArrayList<>(SERVER_JVM_OPTIONS);
        serverJvmOptions.add("-XX:TieredStopAtLevel=1");
        return new BenchmarkSettings(
                true,
                List.of(1, 100),
                List.of(8),
                Duration.ofMillis(300),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                200,
                List.of(300),
                25_000,
                12_000,
                10,
                Duration.ofMillis(20),
                Duration.ofSeconds(1),
                // Long enough for the first request after the pause to come back on a busy machine: the
                // probe counts the requests answered within it, and the smoke test wants one at least.
                Duration.ofSeconds(3),
                List.copyOf(serverJvmOptions),
                null,
                findWireMock(),
                outputDir.resolve("work"),
                outputDir.resolve("BENCHMARKS.md"),
                outputDir.resolve("benchmarks.png"),
                // One small cell: it proves that wrk runs and is read, at the least cost to the suite.
                List.of(new Cell(1, 8)));
    }

    /** {@code --smoke}, {@code --out=FILE.md}, {@code --chart=FILE.png}, {@code --warmup=S}, {@code --duration=S}. */
    static BenchmarkSettings fromArguments(String... args) {
        BenchmarkSettings settings = full(Path.of("BENCHMARKS.md"), Path.of("bench/benchmarks.png"));
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                settings = smoke(Path.of("target/bench-smoke"));
            } else if (arg.startsWith("--out=")) {
                settings = settings.with(Path.of(arg.substring(6)), settings.chart, settings.warmup, settings.duration);
            } else if (arg.startsWith("--chart=")) {
                settings =
                        settings.with(settings.markdown, Path.of(arg.substring(8)), settings.warmup, settings.duration);
            } else if (arg.startsWith("--warmup=")) {
                settings =
                        settings.with(settings.markdown, settings.chart, seconds(arg.substring(9)), settings.duration);
            } else if (arg.startsWith("--duration=")) {
                settings =
                        settings.with(settings.markdown, settings.chart, settings.warmup, seconds(arg.substring(11)));
            } else if (arg.equals("--drains-only")) {
                settings = settings.withPostgresPart(List.of(), 0);
            } else if (arg.startsWith("--postgres-flat=")) {
                settings = settings.withPostgresPart(settings.sizes, Long.parseLong(arg.substring(16)));
            } else {
                throw new IllegalArgumentException(
                        "unknown argument " + arg
                                + " (known: --smoke, --postgres-only, --postgres-flat=ITEMS, --drains-only, --out=FILE.md, --chart=FILE.png, --warmup=SECONDS, --duration=SECONDS)");
            }
        }
        return settings;
    }

    private static Path findWireMock() {
        try (var files = Files.list(WIREMOCK_DIR)) {
            return files.filter(f -> f.getFileName().toString().matches("wiremock-standalone-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no WireMock in " + WIREMOCK_DIR + ": run ./mvnw test-compile first"));
        } catch (IOException e) {
            throw new IllegalStateException("no WireMock in " + WIREMOCK_DIR + ": run ./mvnw test-compile first", e);
        }
    }

    /** The same run with other envelope sizes for the ingest cells (none: drains only) and another PostgreSQL fill. */
    private BenchmarkSettings withPostgresPart(List<Integer> sizes, long postgresFlatItems) {
        return copy(sizes, postgresFlatItems, markdown, chart, warmup, duration);
    }

    private BenchmarkSettings with(Path markdown, Path chart, Duration warmup, Duration duration) {
        return copy(sizes, postgresFlatItems, markdown, chart, warmup, duration);
    }

    /** This run with the settings the command line may change. */
    private BenchmarkSettings copy(
            List<Integer> sizes,
            long postgresFlatItems,
            Path markdown,
            Path chart,
            Duration warmup,
            Duration duration) {
        return new BenchmarkSettings(
                smoke,
                sizes,
                concurrencies,
                initialWarmup,
                warmup,
                duration,
                warmupDrain,
                drains,
                flatItems,
                postgresFlatItems,
                immediateSamples,
                immediateGap,
                idlePause,
                idleProbe,
                serverJvmOptions,
                relayJar,
                wiremockJar,
                workDir,
                markdown,
                chart,
                tailCells);
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
    }
}
