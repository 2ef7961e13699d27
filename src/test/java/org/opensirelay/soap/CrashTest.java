package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.OpensiRelayApplication;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;
import org.opensirelay.support.SoapHttp;

/**
 * Nothing acknowledged is lost when the process dies: the relay runs in a child JVM that is killed
 * (SIGKILL, no shutdown hook, no clean close of the database) right after its last answer; every
 * item it answered 1001 for is in the database file when the relay starts again.
 */
class CrashTest {

    private static final String KEY = "8277e0910d750195b448797616e091ad";

    @Test
    void everyAcknowledgedItemSurvivesAKill(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        Process relay = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                OpensiRelayApplication.class.getName(),
                "--server.port=" + port,
                "--relay.data-dir=" + dataDir.toAbsolutePath(),
                "--relay.websites[0].code=CRASH",
                "--relay.websites[0].key=" + KEY))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("relay.log").toFile())
                .start();
        int acknowledged = 0;
        try {
            SoapHttp soap = new SoapHttp(port);
            awaitWsdl(soap, relay);
            for (int batch = 0; batch < 20; batch++) {
                int first = batch * 10;
                Envelope envelope = Envelope.fixture("setComments-seed.xml", KEY, "CRASH").repeat(10, (i, item) ->
                        Envelope.field(item, "CommentId").setTextContent(String.valueOf(first + i + 1)));
                SoapHttp.Answer answer = soap.post(envelope);
                answer.xml().nodesByXPath("//open:return[xsd:Code='1001']").hasSize(10);
                acknowledged += 10;
            }
        } finally {
            relay.destroyForcibly().waitFor();
        }
        assertThat(acknowledged).isEqualTo(200);

        try (RelayProcess restarted = RelayProcess.start(dataDir, "--relay.websites[0].code=CRASH", "--relay.websites[0].key=" + KEY)) {
            assertThat(restarted.jdbc().queryForObject("SELECT COUNT(*) FROM order_comment", Integer.class)).isEqualTo(acknowledged);
            assertThat(restarted.jdbc().queryForObject("SELECT COUNT(*) FROM outbox", Integer.class)).isEqualTo(acknowledged);
        }
    }

    private static void awaitWsdl(SoapHttp soap, Process relay) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            assertThat(relay.isAlive()).as("relay process exited early, see relay.log").isTrue();
            try {
                if (soap.get("?wsdl").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // keep polling
            }
            Thread.sleep(200);
        }
        throw new AssertionError("relay did not answer ?wsdl within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
