package org.opensirelay.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayIntegrationTest;
import org.opensirelay.support.WebhookReceiver;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A receiver that stalls (issue 36, 2: it answers {@code 500} with {@code Content-Length: 1000},
 * sends 7 bytes and holds the connection) costs its own website's attempts, bounded by
 * {@code relay.webhooks.timeout} headers and body together, never another website's events.
 */
@TestPropertySource(properties = {"relay.admin.token=" + StallingReceiversTest.ADMIN, "relay.webhooks.timeout=PT3S"})
class StallingReceiversTest extends RelayIntegrationTest {

    static final String ADMIN = "admin-token-for-stalling-receivers";
    private static final List<String> CODES = List.of("STALL1", "STALL2", "HEALTHY");
    private static final List<String> KEYS = List.of(
            "stalling-website-one-key-0000001", "stalling-website-two-key-0000002", "healthy-website-key-000000003");

    @DynamicPropertySource
    static void threeWebsitesWithReceiversOnThisMachine(DynamicPropertyRegistry registry) {
        // A list binds from one property source only: the websites are declared here whole.
        for (int i = 0; i < CODES.size(); i++) {
            int n = i;
            registry.add("relay.websites[" + n + "].code", () -> CODES.get(n));
            registry.add("relay.websites[" + n + "].key", () -> KEYS.get(n));
            registry.add("relay.webhooks.allow-private-networks[" + n + "]", () -> CODES.get(n));
        }
    }

    @Test
    void twoStallingReceiversLeaveAThirdWebsitesEventsOnTime() throws Exception {
        JsonHttp admin = new JsonHttp(port, ADMIN);
        try (WebhookReceiver stalling1 = WebhookReceiver.start();
                WebhookReceiver stalling2 = WebhookReceiver.start();
                WebhookReceiver healthy = WebhookReceiver.start()) {
            stalling1.stall();
            stalling2.stall();
            subscribe(admin, "STALL1", stalling1);
            subscribe(admin, "STALL2", stalling2);
            subscribe(admin, "HEALTHY", healthy);

            // Each stalling website has events of three orders: every one could be sent now.
            for (int i = 0; i < 3; i++) {
                comment(0, 10 + i);
                comment(1, 10 + i);
            }
            Eventually.within(
                    Duration.ofSeconds(2),
                    "both stalling receivers hold an answer open",
                    () -> stalling1.stalledNow() == 1 && stalling2.stalledNow() == 1);

            long posted = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                comment(2, 100 + i);
            }
            Duration late = Eventually.within(
                    Duration.ofSeconds(2),
                    () -> "the healthy website's 5 events, while two receivers stall (got "
                            + healthy.received().size() + ")",
                    () -> healthy.received().size() == 5);
            System.out.println("healthy receiver's 5 events beside two stalling receivers: "
                    + Duration.ofNanos(System.nanoTime() - posted).toMillis() + " ms after posting (polled "
                    + late.toMillis() + " ms)");
            assertThat(stalling1.received())
                    .as("one attempt at a time per subscription: the others wait for the stalled one")
                    .hasSize(1);
            assertThat(stalling2.received()).hasSize(1);

            // The stalled attempts end at their deadline, headers and body counted together, and wait
            // to be retried; the events behind them were not sent.
            Eventually.within(
                    Duration.ofSeconds(5),
                    "the stalled attempts are settled",
                    () -> jdbc.queryForObject(
                                    "SELECT COUNT(*) FROM outbox WHERE item_kind = 'WEBHOOK' AND last_code = 500",
                                    Integer.class)
                            == 2);
            assertThat(jdbc.queryForList(
                            "SELECT last_error FROM outbox WHERE item_kind = 'WEBHOOK' AND last_code = 500",
                            String.class))
                    .allSatisfy(error -> assertThat(error)
                            .startsWith("HTTP 500")
                            .contains("not complete within 3 s", "7 of its 1000 bytes"));
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM outbox WHERE item_kind = 'WEBHOOK' AND status = 'PENDING'",
                            Integer.class))
                    .isEqualTo(6);
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM outbox WHERE item_kind = 'WEBHOOK' AND status = 'DELIVERED'",
                            Integer.class))
                    .isEqualTo(5);
        }
    }

    private static void subscribe(JsonHttp admin, String code, WebhookReceiver receiver) {
        JsonHttp.Answer created = admin.post(
                "/api/websites/" + code + "/webhooks",
                "{\"url\": \"" + receiver.url() + "\", \"events\": [\"comment.stored\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** A comment of its own order on website {@code n}. */
    private void comment(int n, int id) {
        soap.post(Envelope.fixture("setComments-seed.xml", KEYS.get(n), CODES.get(n))
                        .set("CommentId", String.valueOf(id))
                        .set("WebOrderNumber", "W" + id))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
    }
}
