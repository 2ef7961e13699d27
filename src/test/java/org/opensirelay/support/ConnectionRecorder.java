package org.opensirelay.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port on 127.0.0.1 that records every connection made to it and the first bytes each sent,
 * then closes it without an answer: where a test must show that nothing at all reached a peer
 * (a stricter witness than a shop that parses what it gets).
 */
public final class ConnectionRecorder implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private ConnectionRecorder(ServerSocket server) {
        this.server = server;
        Thread accepting = new Thread(this::accept, "connection-recorder");
        accepting.setDaemon(true);
        accepting.start();
    }

    public static ConnectionRecorder start() {
        try {
            return new ConnectionRecorder(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** What each connection sent in its first second (at most 16 KB each), in order of arrival. */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(1000);
                byte[] buffer = new byte[16384];
                int length = 0;
                try {
                    InputStream in = socket.getInputStream();
                    for (int n; length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
                        length += n;
                    }
                } catch (IOException timedOut) {
                    // what came within the second is enough
                }
                received.add(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
