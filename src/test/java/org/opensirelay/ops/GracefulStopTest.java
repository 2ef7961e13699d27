package org.opensirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.support.ChildRelay;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.StubShop;

/**
 * A service manager's stop (SIGTERM) while a delivery is on its way to the shop: the delivery
 * finishes and is recorded, the relay exits on its own, and the log holds no error — an alert on
 * ERROR stays quiet on a normal stop (issue 27).
 */
class GracefulStopTest {

    private static final String KEY = "graceful-stop-erp-key-0001";

    @Test
    void aStopDuringADeliveryFinishesItAndLogsNoError(@TempDir Path dataDir) throws Exception {
        try (StubShop shop = StubShop.start()) {
            // The shop takes two seconds to answer: the stop comes while the batch is at the shop.
            shop.beforeAnswer(() -> {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String[] args = {
                "--relay.websites[0].code=CALM",
                "--relay.websites[0].key=" + KEY,
                "--relay.websites[0].shop.url=" + shop.url(),
                "--relay.websites[0].shop.key=calm-shop-key-0001",
                "--relay.websites[0].delivery.immediate=true"
            };
            ChildRelay relay = ChildRelay.start(dataDir, args);
            try {
                relay.soap()
                        .post(Envelope.fixture("setComments-seed.xml", KEY, "CALM"))
                        .xml()
                        .valueByXPath("//xsd:Code")
                        .isEqualTo("1001");
                Eventually.within(
                        Duration.ofSeconds(10),
                        "the comment is at the shop",
                        () -> !shop.requests().isEmpty());

                int exit = relay.stop();

                assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
                assertThat(relay.log())
                        .as("the relay's log")
                        .doesNotContain(" ERROR ")
                        .doesNotContain("Exception")
                        .contains("delivery batch website=CALM kind=COMMENT items=1 delivered=1");
            } finally {
                relay.close();
            }
            // Started again on its data: the delivery was recorded before the relay stopped, nothing goes twice.
            shop.beforeAnswer(() -> {});
            ChildRelay again = ChildRelay.start(dataDir, args);
            try {
                Thread.sleep(1_000);
                assertThat(shop.requests()).hasSize(1);
            } finally {
                again.close();
            }
        }
    }
}
