package org.opensirelay.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Signatures as the Standard Webhooks specification computes them, and which secrets sign during a rotation. */
@Tag("unit")
class StandardWebhooksTest {

    /** The specification's published test vector: any of its libraries verifies what the relay signs. */
    @Test
    void signsLikeTheSpecificationsTestVector() {
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        assertThat(StandardWebhooks.sign(
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void twoSecretsGiveTwoSignaturesNewestFirstAndAChangedBodyAnother() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String header = StandardWebhooks.signatureHeader(
                List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_c2VjcmV0"), "msg_1", 1L, body);
        assertThat(header.split(" ")).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
        assertThat(header.split(" ")[0])
                .isEqualTo(StandardWebhooks.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1L, body));
        assertThat(StandardWebhooks.sign("whsec_c2VjcmV0", "msg_1", 1L, "{ }".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(header.split(" ")[1]);
        assertThatThrownBy(() -> StandardWebhooks.sign("c2VjcmV0", "msg_1", 1L, body))
                .hasMessageContaining("whsec_");
    }

    @Test
    void thePreviousSecretSignsUntilItsCutOverOnly() {
        Instant cutOver = Instant.parse("2026-12-01T12:00:00Z");
        var rotated = new WebhookSubscriptions.Subscription(
                7, 1, "https://x.example", Set.of("comment.stored"), true, 3, cutOver, Instant.EPOCH, Instant.EPOCH);
        assertThat(WebhookSubscriptions.signingGenerations(rotated, cutOver.minusSeconds(1)))
                .containsExactly(3, 2);
        assertThat(WebhookSubscriptions.signingGenerations(rotated, cutOver)).containsExactly(3);
        var fresh = new WebhookSubscriptions.Subscription(
                7, 1, "https://x.example", Set.of("comment.stored"), true, 1, null, Instant.EPOCH, Instant.EPOCH);
        assertThat(WebhookSubscriptions.signingGenerations(fresh, cutOver)).containsExactly(1);
    }

    @Test
    void anOrderKeyFitsTheOutboxAndKeepsOneOrderTogether() {
        String key = WebhookRecorder.orderKey(123456789L, "return R000000001");
        assertThat(key).hasSize(20).startsWith(Long.toString(123456789L, 36) + "/");
        assertThat(WebhookRecorder.orderKey(123456789L, "return R000000001")).isEqualTo(key);
        assertThat(WebhookRecorder.orderKey(123456789L, "return R000000002")).isNotEqualTo(key);
        assertThat(WebhookRecorder.orderKey(Long.MAX_VALUE, "order X")).hasSizeLessThanOrEqualTo(20);
    }
}
