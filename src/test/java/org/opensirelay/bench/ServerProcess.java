package org.opensirelay.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in a JVM of its own, started the way its users start it. Knows how long it
 * took to answer its first request, and its resident memory as the kernel counts it.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    final Duration startup;
    private final Process process;
    private final Path log;
    /** The highest resident set seen over the whole life of the process, in KiB. */
    private long lifetimePeakKb;

    private ServerProcess(String name, Process process, Duration startup, Path log) {
        this.name = name;
        this.process = process;
        this.startup = startup;
        this.log = log;
    }

    /**
     * Starts {@code command} and waits until {@code ready} answers HTTP 200; the start-up time runs
     * from the fork to that answer.
     */
    static ServerProcess start(String name, List<String> command, Map<String, String> environment, URI ready, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        long forked = System.nanoTime();
        Process process = builder.start();
        long deadline = forked + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            try {
                HttpResponse<Void> answer = HTTP.send(
                        HttpRequest.newBuilder(ready)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return new ServerProcess(name, process, Duration.ofNanos(System.nanoTime() - forked), log);
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(10);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not answer " + ready + " within 120 s; see " + log);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /**
     * The highest resident set since the last call (the kernel's VmHWM), in KiB, and starts a new
     * window (writing 5 to /proc/PID/clear_refs resets the mark to the current resident set).
     * -1 where /proc does not tell.
     */
    long peakRssKbAndReset() {
        long peak = status("VmHWM:");
        lifetimePeakKb = Math.max(lifetimePeakKb, peak);
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid()), "clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException cannotReset) {
            // then each window reports the peak since the process started: never less than the truth
        }
        return peak;
    }

    /** The highest resident set over the process's whole life so far, in KiB. */
    long lifetimePeakRssKb() {
        return Math.max(lifetimePeakKb, status("VmHWM:"));
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(
                            line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through
        }
        return -1;
    }

    /** SIGTERM (a clean shutdown), then SIGKILL if it takes more than 30 s. */
    @Override
    public void close() throws InterruptedException {
        closeAll(List.of(this));
    }

    /**
     * {@link #close()} for several servers at once: each is sent SIGTERM first, then each is waited
     * for (up to 30 s from the signal, then SIGKILL), so that their clean shutdowns overlap.
     */
    static void closeAll(Collection<ServerProcess> servers) throws InterruptedException {
        for (ServerProcess server : servers) {
            server.process.destroy();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (ServerProcess server : servers) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!server.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                server.process.destroyForcibly().waitFor();
            }
        }
    }
}
