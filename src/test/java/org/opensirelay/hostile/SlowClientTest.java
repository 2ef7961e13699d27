package org.opensirelay.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;

/** A client that starts a request and then goes quiet loses its connection after the read timeout. */
class SlowClientTest {

    private static final String KEY = "6512bd43d9caa6e02c990b0a82652dca";

    @Test
    void aSilentClientIsDroppedAfterTheReadTimeout(@TempDir Path dataDir) throws Exception {
        try (RelayProcess relay = RelayProcess.start(
                        dataDir,
                        "--relay.websites[0].code=SLOW",
                        "--relay.websites[0].key=" + KEY,
                        "--relay.xml.read-timeout=PT1S");
                Socket socket = new Socket("127.0.0.1", relay.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /soap/opensi HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n"
                                    + "<soapenv:Envelope")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            try {
                while (in.read() != -1) {
                    // whatever the server says before it closes
                }
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("the server still held the connection after 10 s", stillOpen);
            } catch (SocketException reset) {
                // closed by the server: what we want
            }
            Duration held = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("slow client: dropped after " + held.toMillis() + " ms");
            assertThat(held).isLessThan(Duration.ofSeconds(5));

            relay.soap()
                    .post(Envelope.fixture("setComments-seed.xml", KEY, "SLOW"))
                    .xml()
                    .valueByXPath("//xsd:Code")
                    .isEqualTo("1001");
        }
    }
}
