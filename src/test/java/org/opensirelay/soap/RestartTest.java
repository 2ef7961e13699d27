package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;

/** What was acknowledged is still there after the relay restarts on the same database file. */
class RestartTest {

    private static final String KEY = "0cc175b9c0f1b6a831c399e269772661";
    private static final String[] WEBSITE = {"--relay.websites[0].code=SHOP9", "--relay.websites[0].key=" + KEY};

    @Test
    void acknowledgedItemsSurviveARestart(@TempDir Path dataDir) {
        try (RelayProcess relay = RelayProcess.start(dataDir, WEBSITE)) {
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("1001");
            relay.soap().post(Envelope.fixture("setOrderReturnDocuments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("1001");
        }
        assertThat(dataDir.resolve("opensi-relay.mv.db")).isRegularFile();

        try (RelayProcess relay = RelayProcess.start(dataDir, WEBSITE)) {
            assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM order_comment", Integer.class)).isEqualTo(1);
            assertThat(relay.jdbc().queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'", Integer.class))
                    .as("pending deliveries survive too").isEqualTo(2);
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("2001");
            relay.soap().post(Envelope.fixture("setOrderReturnDocuments-seed.xml", KEY, "SHOP9")).xml()
                    .valueByXPath("//xsd:Code").isEqualTo("2001");
        }
    }
}
