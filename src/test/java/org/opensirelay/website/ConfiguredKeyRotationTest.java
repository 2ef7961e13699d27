package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayIntegrationTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A key rotation in the configuration (relay.websites[N].previous-key and previous-key-until): the
 * ERP switches at its own pace, both keys open the website until the cut-over, the log and the
 * request audit say which one each request used; after it, only the new key.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfiguredKeyRotationTest extends RelayIntegrationTest {

    private static final String NEW_KEY = "c4ca4238a0b923820dcc509a6f75849b";
    private static final String OLD_KEY = "c81e728d9d4c2f636f067f89cc14862c";

    @DynamicPropertySource
    static void websites(DynamicPropertyRegistry registry) {
        // A list binds from one property source only: this website replaces the suite's.
        registry.add("relay.websites[0].code", () -> "ROT1");
        registry.add("relay.websites[0].key", () -> NEW_KEY);
        registry.add("relay.websites[0].previous-key", () -> OLD_KEY);
        registry.add(
                "relay.websites[0].previous-key-until",
                () -> START.plus(Duration.ofHours(1)).toString());
    }

    @Test
    void bothKeysOpenTheWebsiteUntilTheCutOverThenOnlyTheNewOne(CapturedOutput output) {
        soap.post(comment(OLD_KEY, 1)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");
        soap.post(comment(NEW_KEY, 2)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");
        assertThat(jdbc.queryForList("SELECT credential FROM inbound_request ORDER BY id", String.class))
                .containsExactly("previous-key", "key");
        assertThat(output.getOut()).contains("website=ROT1", "credential=previous-key", "credential=key");

        clock.set(START.plus(Duration.ofHours(1)));
        int before = storedRows();
        soap.post(comment(OLD_KEY, 3))
                .xml()
                .valueByXPath("//open:fault/open:reason")
                .isEqualTo("AUTHENTICATION_FAILED");
        assertThat(storedRows())
                .as("the old key, after the cut-over, stores nothing")
                .isEqualTo(before);
        soap.post(comment(NEW_KEY, 3)).xml().valueByXPath("//xsd:Code").isEqualTo("1001");
    }

    private static Envelope comment(String key, int commentId) {
        return Envelope.fixture("setComments-seed.xml", key, "ROT1").set("CommentId", String.valueOf(commentId));
    }
}
