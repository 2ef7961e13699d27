package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Envelope;

/**
 * With JSON logs on, each request is one JSON line a log pipeline can index; keys never appear.
 * The relay runs in a process of its own, as an operator runs it (logging is set up once per JVM).
 */
class JsonLogsTest {

    private static final String KEY = "1679091c5a880faf6fb5e6087eb1b2dc";

    @Test
    void requestLinesAreJson(@TempDir Path dataDir) throws Exception {
        String log;
        String errors;
        try (ChildRelay relay = ChildRelay.start(
                dataDir,
                "--logging.structured.format.console=ecs",
                "--relay.websites[0].code=JSON",
                "--relay.websites[0].key=" + KEY)) {
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "JSON"));
            relay.soap().post(Envelope.fixture("setComments-seed.xml", "not-the-key-at-all", "JSON"));
            log = relay.log();
            errors = relay.errors();
        }
        List<String> lines =
                Arrays.stream(log.split("\n")).filter(line -> !line.isBlank()).toList();
        assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("{"));
        List<String> requests =
                lines.stream().filter(line -> line.contains("soap id=")).toList();
        assertThat(requests).hasSize(2);
        String accepted = JsonPath.read(requests.get(0), "$.message");
        assertThat(accepted).contains("operation=setComments", "website=JSON", "outcome=ACCEPTED", "created=1");
        // The same facts as fields a log platform filters on, not only inside the text.
        assertThat((String) JsonPath.read(requests.get(0), "$.requestId")).matches("[0-9a-f-]{13}");
        assertThat((String) JsonPath.read(requests.get(0), "$.operation")).isEqualTo("setComments");
        assertThat((String) JsonPath.read(requests.get(0), "$.website")).isEqualTo("JSON");
        assertThat((String) JsonPath.read(requests.get(0), "$.outcome")).isEqualTo("ACCEPTED");
        assertThat(String.valueOf((Object) JsonPath.read(requests.get(0), "$.items")))
                .isEqualTo("1");
        assertThat(String.valueOf((Object) JsonPath.read(requests.get(0), "$.created")))
                .isEqualTo("1");
        assertThat(String.valueOf((Object) JsonPath.read(requests.get(0), "$.durationMs")))
                .matches("\\d+");
        String refused = JsonPath.read(requests.get(1), "$.message");
        assertThat(refused).contains("outcome=AUTHENTICATION_FAILED");
        assertThat((String) JsonPath.read(requests.get(1), "$.outcome")).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(log).doesNotContain(KEY, "not-the-key-at-all");
        assertThat(errors).doesNotContain(KEY, "not-the-key-at-all");
    }
}
