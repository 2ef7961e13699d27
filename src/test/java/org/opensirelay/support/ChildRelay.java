package org.opensirelay.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.opensirelay.OpensiRelayApplication;

/**
 * The relay in a JVM of its own, so that a test can kill it (SIGKILL: no shutdown hook, no clean
 * close of the database) at the moment it chooses.
 */
public final class ChildRelay implements AutoCloseable {

    /** A start takes seconds; on a machine shared by several builds it has taken over a minute. */
    private static final Duration START_WITHIN = Duration.ofSeconds(180);

    private final Process process;
    private final int port;
    private final SoapHttp soap;
    private final Path log;

    private ChildRelay(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.soap = new SoapHttp(port);
        this.log = log;
    }

    public static ChildRelay start(Path dataDir, String... args) throws IOException {
        ChildRelay relay = launch(dataDir, args);
        relay.awaitWsdl();
        return relay;
    }

    /**
     * A start that is to fail: waits for the process to end on its own and returns what it logged
     * (standard output). Fails if it starts instead.
     */
    public static String startExpectingFailure(Path dataDir, String... args) throws IOException {
        ChildRelay relay = launch(dataDir, args);
        try {
            Instant deadline = Instant.now().plus(START_WITHIN);
            while (!relay.process.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (relay.answersWsdl()) {
                    throw new AssertionError(
                            "the relay started, where it should have refused to; its log:\n" + relay.log());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the relay neither started nor stopped within " + START_WITHIN);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            relay.kill();
        }
        return relay.log();
    }

    private static ChildRelay launch(Path dataDir, String... args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 alone: a child relay lives for seconds to a minute, most of it its Spring start, in
                // which C2 compiled for nothing on a machine of two cores that a build shares.
                "-XX:TieredStopAtLevel=1"));
        if (ClassDataArchive.jarIsCurrent()) {
            // The packaged jar with the archive of its classes: half the start of the test class path
            // (4.3 s against 8.9 s here), and some 25 child relays start in the suite.
            ClassDataArchive.Launch launch = ClassDataArchive.relay();
            command.addAll(launch.jvmFlags());
            command.addAll(List.of("-jar", launch.jar().toString()));
        } else {
            // An IDE's run after a change not packaged yet: the classes as compiled.
            command.addAll(
                    List.of("-cp", System.getProperty("java.class.path"), OpensiRelayApplication.class.getName()));
        }
        command.addAll(List.of("--server.port=" + port, "--relay.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(List.of(args));
        Path log = dataDir.resolve("relay.log");
        // The relay logs to standard output; standard error holds what the JVM itself says (on newer
        // JDKs, deprecation warnings about libraries), kept apart so that the log can be judged alone.
        Process process = new ProcessBuilder(command)
                .redirectOutput(log.toFile())
                .redirectError(dataDir.resolve("relay.stderr").toFile())
                .start();
        return new ChildRelay(process, port, log);
    }

    public int port() {
        return port;
    }

    public SoapHttp soap() {
        return soap;
    }

    /** What the process has logged so far (its standard output). */
    public String log() {
        return read(log);
    }

    /** What the process wrote to standard error so far. */
    public String errors() {
        return read(log.resolveSibling("relay.stderr"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as a service manager stops it; waits until the process is gone and returns its exit code. */
    public int stop() {
        try {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the relay did not stop within 90 s of SIGTERM");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private void awaitWsdl() {
        Instant deadline = Instant.now().plus(START_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("relay process exited early, see relay.log in its data folder");
            }
            if (answersWsdl()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        kill();
        throw new IllegalStateException("relay did not answer ?wsdl within " + START_WITHIN.toSeconds() + " s");
    }

    private boolean answersWsdl() {
        try {
            return soap.get("?wsdl").status() == 200;
        } catch (IllegalStateException notListeningYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
