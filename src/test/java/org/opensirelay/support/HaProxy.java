package org.opensirelay.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy in front of relay nodes, configured as docs/operations.md tells an
 * operator to: a health check of each node's readiness probe, a request that could not reach a node
 * (refused, or closed without an answer: the node stopped or died) sent to the other one. The relay's
 * own operations are safe to send again (an item already stored is answered 2001), which is what
 * makes {@code retry-on empty-response} right here.
 */
public final class HaProxy implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private HaProxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A node: where it answers requests, and where its readiness probe answers. */
    public record Node(int port, int probePort) {}

    /** The configuration docs/operations.md shows, for nodes on these ports of this machine. */
    public static String configuration(int frontendPort, List<Node> nodes, String readinessPath) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            servers.append("    server node")
                    .append(i + 1)
                    .append(" 127.0.0.1:")
                    .append(nodes.get(i).port())
                    .append(" check port ")
                    .append(nodes.get(i).probePort())
                    .append(" inter 500ms fall 2 rise 2\n");
        }
        return """
                global
                    maxconn 2000
                    # an envelope of a few hundred items fits in one buffer, so that it can be sent again
                    tune.bufsize 1048576

                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout http-request 30s
                    option forwardfor
                    # a request that found no node, or a node that went away before answering, goes to the other
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response 503
                    option http-buffer-request

                frontend erp
                    bind 127.0.0.1:%d
                    default_backend relays

                backend relays
                    balance roundrobin
                    option httpchk GET %s
                    http-check expect status 200
                %s""".formatted(frontendPort, readinessPath, servers);
    }

    /** HAProxy listening on a free port, balancing over {@code nodes}. */
    public static HaProxy start(Path dir, List<Node> nodes, String readinessPath) throws IOException {
        int port = JarProcess.freePort();
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, configuration(port, nodes, readinessPath));
        Path log = dir.resolve("haproxy.log");
        List<String> command = new ArrayList<>(List.of(executable(), "-db", "-f", config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HaProxy proxy = new HaProxy(process, port, log);
        proxy.awaitListening();
        return proxy;
    }

    /** The haproxy command, or a failure saying how to install it. */
    public static String executable() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("haproxy is not installed (Debian: apt-get install haproxy)");
    }

    /** Whether HAProxy is installed here. */
    public static boolean installed() {
        try {
            executable();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited: " + log());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("haproxy did not listen within 10 s: " + log());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
