package org.opensirelay.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server of the test's own, made with the server's own tools ({@code initdb},
 * {@code pg_ctl}, {@code pg_basebackup}) in a temporary directory, on a port of its own: a primary,
 * a streaming standby made from it, a promotion — what an operator's replicated database does. As
 * root the tools run as the {@code postgres} user (initdb refuses root).
 */
public final class PostgresServer implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private boolean running;

    private PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** The directory holding {@code initdb}, {@code pg_ctl} and the rest, or a failure saying what is missing. */
    public static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path bin = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(Path::toString))
                        .orElse(null);
                if (bin != null) {
                    return bin;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(
                "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed under " + root);
    }

    public static boolean installed() {
        try {
            binaries();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** A new primary in {@code parent}: trust authentication on 127.0.0.1, replication allowed. */
    public static PostgresServer primary(Path parent) throws IOException {
        Path dir = ownedDirectory(parent.resolve("primary"));
        int port = JarProcess.freePort();
        run("initdb", "-D", dir.toString(), "-A", "trust", "-U", "postgres", "--no-sync");
        Files.writeString(
                dir.resolve("postgresql.conf"), """

                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                wal_level = replica
                max_wal_senders = 5
                fsync = on
                synchronous_commit = on
                """.formatted(port, dir), java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(
                dir.resolve("pg_hba.conf"),
                "host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n",
                java.nio.file.StandardOpenOption.APPEND);
        chownToPostgres(dir);
        PostgresServer server = new PostgresServer(dir, port);
        server.start();
        return server;
    }

    /** A streaming standby of this primary, named {@code applicationName}, started and caught up. */
    public PostgresServer standby(Path parent, String applicationName) throws IOException {
        Path dir = ownedDirectory(parent.resolve("standby-" + applicationName));
        int standbyPort = JarProcess.freePort();
        run(
                "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-D",
                dir.toString(),
                "-R",
                "-X",
                "stream",
                // A checkpoint now, not spread over checkpoint_timeout (the default, gentle to a busy
                // production primary): spread, pg_basebackup waited 90 s of the replication rehearsal's
                // 145 s for a primary holding an empty database.
                "--checkpoint=fast",
                "-d",
                "host=127.0.0.1 port=" + port + " user=postgres application_name=" + applicationName);
        Files.writeString(
                dir.resolve("postgresql.conf"),
                "\nport = %d\nunix_socket_directories = '%s'\nhot_standby = on\n".formatted(standbyPort, dir),
                java.nio.file.StandardOpenOption.APPEND);
        chownToPostgres(dir);
        PostgresServer standby = new PostgresServer(dir, standbyPort);
        standby.start();
        return standby;
    }

    /**
     * From now on a commit waits until the standby named {@code applicationName} has it on disk (set
     * once the standby streams: before, every commit would wait for it).
     */
    public void requireSynchronousStandby(String applicationName) {
        execute("postgres", "ALTER SYSTEM SET synchronous_standby_names = '" + applicationName + "'");
        execute("postgres", "SELECT pg_reload_conf()");
    }

    public int port() {
        return port;
    }

    /** A JDBC URL of a database on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE " + name);
    }

    public void execute(String database, String sql) {
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "")) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    public long queryLong(String database, String sql) {
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Whether this server answers as a primary (not in recovery). */
    public boolean isPrimary() {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT NOT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    public void start() {
        run(
                "pg_ctl",
                "-D",
                dataDir.toString(),
                "-l",
                dataDir.resolve("server.log").toString(),
                "-w",
                "start");
        running = true;
    }

    /** Stops the server at once, as a crash of its machine would ("immediate": no checkpoint). */
    public void stopImmediately() {
        run("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
        running = false;
    }

    /** Makes this standby the primary. */
    public void promote() {
        run("pg_ctl", "-D", dataDir.toString(), "-w", "promote");
    }

    /** What the server logged. */
    public String log() {
        try {
            return Files.readString(dataDir.resolve("server.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (running) {
            try {
                run("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
            } catch (RuntimeException alreadyStopped) {
                // nothing left to stop
            }
            running = false;
        }
    }

    private static Path ownedDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        // Its parents must be reachable by the postgres user.
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            if (isRoot() && p.startsWith(System.getProperty("java.io.tmpdir"))) {
                p.toFile().setExecutable(true, false);
            }
        }
        chownToPostgres(dir);
        return dir;
    }

    private static void chownToPostgres(Path dir) {
        if (isRoot()) {
            command(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            command(List.of("chmod", "700", dir.toString()));
        }
    }

    private static void run(String tool, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binaries().resolve(tool).toString());
        command.addAll(List.of(args));
        command(command);
    }

    /**
     * A client tool of the server's ({@code pg_dump}, {@code pg_restore}, {@code createdb}, …) as the
     * test's own user: it talks to a server over TCP and writes the test's files.
     */
    public static void runTool(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binaries().resolve(tool).toString());
        command.addAll(List.of(args));
        command(command);
    }

    private static void command(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(Path.of("/").toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Waits until {@code check} holds, for a server to come up or step up. */
    public static void await(String what, Duration within, java.util.function.BooleanSupplier check) {
        Instant deadline = Instant.now().plus(within);
        while (!check.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " did not happen within " + within);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
