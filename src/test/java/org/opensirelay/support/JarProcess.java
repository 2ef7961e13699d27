package org.opensirelay.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged relay ({@code target/opensi-relay.jar}, which {@code ./mvnw verify} builds before the
 * integration tests) as an operator runs it: {@code java <flags> -jar opensi-relay.jar <args>} in a
 * working directory of its own, configured by the environment it is given and nothing else (the test
 * JVM's own environment is not passed on, but for {@code PATH}, {@code HOME} and {@code LANG}).
 * Standard output and standard error go to files in the working directory.
 */
public final class JarProcess implements AutoCloseable {

    /** The jar the build packages. */
    public static final Path JAR = Path.of("target", "opensi-relay.jar").toAbsolutePath();

    /** The JVM flags the README gives for production: the deployment rehearsals and the benchmark use them. */
    public static final List<String> README_JVM_FLAGS = List.of("-Xms192m", "-Xmx192m", "-XX:+UseG1GC");

    /** The test JVM's environment variables a relay started here inherits: none of its settings (CI's, say). */
    static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME", "LANG");

    /** Every process started, so that none outlives the test JVM, whatever a test did. */
    private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "jar-processes-killer"));
    }

    private final Process process;
    private final Path log;
    private final Path errors;
    private final int port;
    /** Where {@code /actuator} answers: {@code MANAGEMENT_SERVER_PORT} when the environment sets it, else the main port. */
    private final int managementPort;

    private final String name;

    private JarProcess(Process process, Path log, Path errors, int port, int managementPort, String name) {
        this.process = process;
        this.log = log;
        this.errors = errors;
        this.port = port;
        this.managementPort = managementPort;
        this.name = name;
    }

    /** A relay to start in {@code workDir} (its current directory: {@code ./data} and {@code ./config} are there). */
    public static Builder in(Path workDir) {
        return new Builder(workDir);
    }

    /** What to start, and how. */
    public static final class Builder {
        private final Path workDir;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmFlags = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String name = "relay";
        private Integer uid;
        private Duration liveWithin = Duration.ofSeconds(90);
        private boolean classDataArchive;

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** One environment variable, as an operator sets it. */
        public Builder env(String variable, String value) {
            environment.put(variable, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** JVM flags before {@code -jar} (the image's, say). */
        public Builder jvmFlags(List<String> flags) {
            jvmFlags.addAll(flags);
            return this;
        }

        /** Command-line arguments after the jar. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** Names the log files ({@code <name>.log}, {@code <name>.stderr}), for a test that starts several. */
        public Builder name(String logName) {
            this.name = logName;
            return this;
        }

        /**
         * How long {@link #start()} waits for the liveness probe (default 90 s): longer for a test that
         * must not fail on a machine busy with other builds.
         */
        public Builder liveWithin(Duration within) {
            this.liveWithin = within;
            return this;
        }

        /**
         * Starts the jar extracted and with the archive of its classes, as docs/operations.md
         * ("Faster starts") tells an operator who restarts nodes one after the other to
         * ({@link ClassDataArchive}).
         */
        public Builder withClassDataArchive() {
            this.classDataArchive = true;
            return this;
        }

        /**
         * Runs the process as this numeric user and group (as the image's {@code user} does), when the
         * test runs as root; elsewhere the setting is ignored, the process runs as the test's user.
         */
        public Builder asUser(int numericId) {
            this.uid = numericId;
            return this;
        }

        /**
         * Starts the process on {@code SERVER_PORT} (set by the caller, or a free port chosen here) and
         * waits until its liveness probe answers, or fails with the end of its log.
         */
        public JarProcess start() throws IOException {
            JarProcess started = launch();
            try {
                started.awaitLive(liveWithin);
            } catch (RuntimeException | Error e) {
                // Not handed to the caller: nobody else would stop it.
                started.close();
                throw e;
            }
            return started;
        }

        /**
         * Starts the process as {@link #start()} does, for a start that must fail: waits until it ends by
         * itself and returns how (exit code, log, standard error). Fails if the relay comes up instead
         * (stopping it), or does not end within {@code within}.
         */
        public FailedStart startExpectingFailure(Duration within) throws IOException {
            JarProcess started = launch();
            Instant deadline = Instant.now().plus(within);
            try {
                while (started.process.isAlive()) {
                    if (started.status("/actuator/health/liveness") == 200) {
                        throw new AssertionError(started.name
                                + " started although it should have refused to; its log ends:\n" + started.tail());
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new AssertionError(started.name + " neither failed nor started within " + within
                                + "; its log ends:\n" + started.tail());
                    }
                    pause(100);
                }
                return new FailedStart(started.process.exitValue(), started.log(), started.errors());
            } finally {
                started.close();
            }
        }

        private JarProcess launch() throws IOException {
            if (!Files.isRegularFile(JAR)) {
                throw new IllegalStateException(
                        JAR + " is missing: ./mvnw verify packages it before the integration tests");
            }
            int port = environment.containsKey("SERVER_PORT")
                    ? Integer.parseInt(environment.get("SERVER_PORT"))
                    : freePort();
            environment.putIfAbsent("SERVER_PORT", Integer.toString(port));
            List<String> command = new ArrayList<>();
            if (uid != null && isRoot()) {
                command.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmFlags);
            Path jar = JAR;
            if (classDataArchive) {
                ClassDataArchive.Launch launch = ClassDataArchive.relay();
                command.addAll(launch.jvmFlags());
                jar = launch.jar();
            }
            command.add("-jar");
            command.add(jar.toString());
            command.addAll(args);
            Files.createDirectories(workDir);
            Path log = workDir.resolve(name + ".log");
            Path errors = workDir.resolve(name + ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
            Map<String, String> env = builder.environment();
            env.clear();
            for (String kept : INHERITED_VARIABLES) {
                String value = System.getenv(kept);
                if (value != null) {
                    env.put(kept, value);
                }
            }
            env.putAll(environment);
            JarProcess launched = new JarProcess(
                    builder.start(),
                    log,
                    errors,
                    port,
                    environment.containsKey("MANAGEMENT_SERVER_PORT")
                            ? Integer.parseInt(environment.get("MANAGEMENT_SERVER_PORT"))
                            : port,
                    name);
            STARTED.add(launched.process);
            return launched;
        }
    }

    /** A start that failed: the process's exit code, its log (standard output) and its standard error. */
    public record FailedStart(int exitCode, String log, String errors) {

        /** Spring Boot's failure paragraph, from "APPLICATION FAILED TO START" to the end of the log. */
        public String paragraph() {
            int at = log.lastIndexOf("APPLICATION FAILED TO START");
            if (at < 0) {
                throw new AssertionError("no APPLICATION FAILED TO START in the log:\n" + log + "\nstderr:\n" + errors);
            }
            return log.substring(at);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public SoapHttp soap() {
        return new SoapHttp(port);
    }

    /** What the process has logged so far (its standard output). */
    public String log() {
        return read(log);
    }

    /** What the process wrote to standard error so far. */
    public String errors() {
        return read(errors);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The HTTP status of {@code GET path} on the relay's port, or -1 when nothing answers within 2 s. */
    public int status(String path) {
        return status(path.startsWith("/actuator") ? managementPort : port, path);
    }

    /** Where the probes and metrics answer (the management port, when the environment sets one). */
    public int managementPort() {
        return managementPort;
    }

    /** The HTTP status of {@code GET path} on {@code port} of this machine, or -1 when nothing answers within 2 s. */
    public static int status(int port, String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until {@code GET path} answers {@code status}; fails with the end of the log if it does not in time. */
    public void await(String path, int status, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (status(path) != status) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before " + path
                        + " answered " + status + "; its log ends:\n" + tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + ": " + path + " did not answer " + status + " within " + within
                        + "; its log ends:\n" + tail());
            }
            pause(100);
        }
    }

    private void awaitLive(Duration within) {
        await("/actuator/health/liveness", 200, within);
    }

    /** SIGTERM, as a service manager or an orchestrator stops it; waits until it is gone and returns its exit code. */
    public int stop() {
        process.destroy();
        return waitFor(Duration.ofSeconds(90));
    }

    /** SIGKILL: no shutdown hook, no clean close of anything; waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** Waits for a process that is ending by itself (a start that fails); returns its exit code. */
    public int waitFor(Duration within) {
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not end within " + within);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last 60 lines of the log and of standard error, for a failure's message. */
    public String tail() {
        List<String> lines = new ArrayList<>(log().lines().toList());
        lines.addAll(errors().lines().map(l -> "stderr: " + l).toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
