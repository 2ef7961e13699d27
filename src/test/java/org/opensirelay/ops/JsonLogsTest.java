package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayProcess;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** With JSON logs on, each request is one JSON line a log pipeline can index; keys never appear. */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {

    private static final String KEY = "1679091c5a880faf6fb5e6087eb1b2dc";

    @Test
    void requestLinesAreJson(@TempDir Path dataDir, CapturedOutput output) throws Exception {
        try (RelayProcess relay = RelayProcess.start(dataDir, "--logging.structured.format.console=ecs",
                "--relay.websites[0].code=JSON", "--relay.websites[0].key=" + KEY)) {
            relay.soap().post(Envelope.fixture("setComments-seed.xml", KEY, "JSON"));
            relay.soap().post(Envelope.fixture("setComments-seed.xml", "not-the-key-at-all", "JSON"));
        }
        List<String> requestLines = Arrays.stream(output.getOut().split("\n"))
                .filter(line -> line.startsWith("{") && line.contains("soap id=")).toList();
        assertThat(requestLines).hasSize(2);
        String accepted = JsonPath.read(requestLines.get(0), "$.message");
        assertThat(accepted).contains("operation=setComments", "website=JSON", "outcome=ACCEPTED", "created=1");
        assertThat(output.getAll()).doesNotContain(KEY, "not-the-key-at-all");
    }
}
