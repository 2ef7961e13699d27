package org.opensirelay.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
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
        int acknowledged = 0;
        try (ChildRelay relay = ChildRelay.start(dataDir, "--relay.websites[0].code=CRASH", "--relay.websites[0].key=" + KEY)) {
            for (int batch = 0; batch < 20; batch++) {
                int first = batch * 10;
                Envelope envelope = Envelope.fixture("setComments-seed.xml", KEY, "CRASH").repeat(10, (i, item) ->
                        Envelope.field(item, "CommentId").setTextContent(String.valueOf(first + i + 1)));
                SoapHttp.Answer answer = relay.soap().post(envelope);
                answer.xml().nodesByXPath("//open:return[xsd:Code='1001']").hasSize(10);
                acknowledged += 10;
            }
        }
        assertThat(acknowledged).isEqualTo(200);

        try (RelayProcess restarted = RelayProcess.start(dataDir, "--relay.websites[0].code=CRASH", "--relay.websites[0].key=" + KEY)) {
            assertThat(restarted.jdbc().queryForObject("SELECT COUNT(*) FROM order_comment", Integer.class)).isEqualTo(acknowledged);
            assertThat(restarted.jdbc().queryForObject("SELECT COUNT(*) FROM outbox", Integer.class)).isEqualTo(acknowledged);
        }
    }
}
