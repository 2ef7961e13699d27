package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.RelayProcess;

/**
 * When the embedded database closes under the relay (H2 does when the disk fills), readiness says
 * so and the relay comes back by itself once the database can be opened again, with every item it
 * had acknowledged (issue 20, 6: it used to fail every call until a restart, while readiness said UP).
 */
class DatabaseRecoveryTest {

    private static final String KEY = "c81e728d9d4c2f636f067f89cc14862c";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aDatabaseThatClosedItselfIsReopenedAndReadinessToldTheTruthMeanwhile(@TempDir Path dataDir) throws Exception {
        try (RelayProcess relay =
                RelayProcess.start(dataDir, "--relay.websites[0].code=SHOP1", "--relay.websites[0].key=" + KEY)) {
            Envelope comment = Envelope.fixture("setComments-seed.xml", KEY, "SHOP1");
            relay.soap().post(comment).xml().valueByXPath("//xsd:Code").isEqualTo("1001");

            // What H2 does on a full disk: the database closes, every open session with it.
            relay.jdbc().execute("SHUTDOWN IMMEDIATELY");

            List<Integer> readiness = new ArrayList<>();
            Eventually.within(Duration.ofSeconds(20), "readiness is UP again", () -> {
                readiness.add(readiness(relay.port()));
                return readiness.get(readiness.size() - 1) == 200;
            });
            // Readiness tells the truth: whether its first check found the database closed (503) or already
            // opened again by the pool (a new connection reopens the file), once it says UP the relay answers.
            assertThat(readiness).last().isEqualTo(200);
            assertThat(readiness).allMatch(status -> status == 200 || status == 503);
            assertThat(relay.soap().post(comment).body())
                    .as("readiness said UP: the relay answers")
                    .contains(">2001<");
            assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM order_comment", Integer.class))
                    .isEqualTo(1);
        }
    }

    private static int readiness(int port) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
