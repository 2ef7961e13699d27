package org.opensirelay.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The external load generator: Debian's {@code wrk} (C, event loop, no JVM of ours in the measuring
 * path) with {@code bench/wrk/set-comments.lua}, which sends the same envelopes as
 * {@link LoadGenerator} (every CommentId new) and checks every answer (HTTP 200, one {@code 1001} per
 * comment). Its latency percentiles are the tails the targets are judged on.
 */
final class WrkLoad {

    static final Path SCRIPT = Path.of("bench/wrk/set-comments.lua");

    private WrkLoad() {}

    /** The wrk on the PATH, or an explanation of why there is none. */
    static String missing() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) {
                return null;
            }
        }
        return "wrk is not on the PATH (Debian: apt-get install wrk)";
    }

    /**
     * One wrk run: {@code concurrency} connections over two threads (one per core here, as many as
     * the machine has for the load generator without starving the servers), for {@code duration}.
     */
    static Result run(URI url, String website, String key, int items, int concurrency, long firstId, Duration duration)
            throws IOException, InterruptedException {
        List<String> command = List.of(
                "wrk",
                "-t" + Math.min(2, concurrency),
                "-c" + concurrency,
                "-d" + Math.max(1, duration.toSeconds()) + "s",
                "--timeout",
                "10s",
                "-s",
                SCRIPT.toString(),
                url.toString(),
                "--",
                website,
                key,
                Integer.toString(items),
                Long.toString(firstId));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int marker = output.indexOf("wrk-result ");
        if (process.waitFor() != 0 || marker < 0) {
            throw new IllegalStateException("wrk failed: " + String.join(" ", command) + "\n" + output);
        }
        Map<String, String> fields = LoadResult.fields(output, "wrk-result ");
        return new Result(
                Long.parseLong(fields.get("requests")),
                Double.parseDouble(fields.get("seconds")),
                Long.parseLong(fields.get("bad")) + Long.parseLong(fields.get("socket_errors")),
                Long.parseLong(fields.get("p50_us")) / 1000.0,
                Long.parseLong(fields.get("p99_us")) / 1000.0,
                Long.parseLong(fields.get("p999_us")) / 1000.0,
                Long.parseLong(fields.get("max_us")) / 1000.0,
                Long.parseLong(fields.get("max_ids")),
                Long.parseLong(fields.get("ids")));
    }

    /**
     * What wrk measured: {@code errors} counts wrong answers and socket errors; {@code maxThreadIds}
     * the most CommentIds one thread used (the next run starts past it), {@code ids} all it sent.
     */
    record Result(
            long requests,
            double seconds,
            long errors,
            double p50Ms,
            double p99Ms,
            double p999Ms,
            double maxMs,
            long maxThreadIds,
            long ids) {}

    /** Full collections of the JVM {@code pid} so far, as {@code jstat} counts them (FGC), or -1. */
    static long fullCollections(long pid) {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        try {
            Process process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            if (process.waitFor() != 0) {
                return -1;
            }
            List<String> lines = output.lines().toList();
            List<String> names = List.of(lines.get(0).trim().split("\\s+"));
            String[] values = lines.get(1).trim().split("\\s+");
            int column = names.indexOf("FGC");
            return column < 0 ? -1 : Long.parseLong(values[column]);
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
