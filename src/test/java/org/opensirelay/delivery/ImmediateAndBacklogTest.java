package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.opensirelay.database.DatabaseDialect;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.Eventually;
import org.opensirelay.support.JsonHttp;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.ReturnFixtures;
import org.springframework.beans.factory.annotation.Autowired;

/** Immediate mode through the real scheduler, and a large backlog drained page by page. */
class ImmediateAndBacklogTest extends RelayWithShopTest {

    @Autowired
    DeliveryProperties properties;

    @Autowired
    DatabaseDialect database;

    @Test
    void immediateModeDeliversWithinTwoSecondsOfAcceptance() {
        long accepted = System.nanoTime();
        soap.post(Envelope.fixture("setComments-seed.xml", SHOP2_KEY, SHOP2))
                .xml()
                .valueByXPath("//xsd:Code")
                .isEqualTo("1001");
        Eventually.within(
                Duration.ofSeconds(2),
                "the comment reaches the shop",
                () -> SHOP.applied().containsKey("comment 1"));
        Duration latency = Duration.ofNanos(System.nanoTime() - accepted);
        System.out.println("immediate mode: accepted-to-shop latency " + latency.toMillis() + " ms");
        assertThat(SHOP.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.websiteCode()).isEqualTo(SHOP2));
        Eventually.within(
                Duration.ofSeconds(2), "the outbox row is settled", () -> "DELIVERED".equals(status("COMMENT", "1")));
    }

    @Test
    void aReturnsStateChangeGoesToTheShopAtOnceInImmediateMode() {
        JsonHttp shop = new JsonHttp(port, SHOP2_API_TOKEN);
        assertThat(shop.put("/api/v1/websites/SHOP2/orders/WEB-1", ReturnFixtures.ORDER)
                        .status())
                .isIn(200, 201);
        String number = shop.post(
                        "/api/v1/websites/SHOP2/returns",
                        ReturnFixtures.returnOf("{\"lineId\": \"1\", \"quantity\": 1}"))
                .json()
                .get("webReturnNumber")
                .asString();
        assertThat(shop.post("/api/v1/websites/SHOP2/returns/" + number + "/state", "{\"state\": \"ACCEPTED\"}")
                        .status())
                .isEqualTo(200);
        // No run asked for, no recurring trigger due (SHOP2's is ten minutes away): the return's own event
        // (ReturnChangesQueued) nudges its delivery.
        Eventually.within(
                Duration.ofSeconds(5),
                "the accepted state reaches the shop",
                () -> SHOP.applied().containsKey("state " + number + " ACCEPTED"));
    }

    @Test
    void backlogOfTenThousandDrainsCompletelyInPages() {
        for (int envelope = 0; envelope < 10; envelope++) {
            int first = envelope * 1000;
            soap.post(shop1("setComments-seed.xml").repeat(1000, (i, item) -> {
                        Envelope.field(item, "CommentId").setTextContent(String.valueOf(first + i + 1));
                        Envelope.field(item, "WebOrderNumber").setTextContent(String.valueOf((first + i) / 5));
                    }))
                    .xml()
                    .nodesByXPath("//open:return")
                    .hasSize(1000);
        }
        assertThat(count("outbox")).isEqualTo(10_000);

        long start = System.nanoTime();
        DeliveryService.Run run = deliverShop1();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf(
                "backlog: %d items drained in %d ms (%.0f items/s)%n",
                run.delivered(), took.toMillis(), run.delivered() / (took.toNanos() / 1e9));

        assertThat(run.delivered()).isEqualTo(10_000);
        assertThat(run.batches()).isEqualTo(100);
        assertThat(SHOP.requests()).allSatisfy(r -> assertThat(r.items()).hasSize(100));
        assertThat(SHOP.receivedKeys()).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(count("outbox WHERE status = 'DELIVERED'")).isEqualTo(10_000);
    }

    @Test
    void aBacklogWaitsOutAnOutageAndThenDrains() {
        soap.post(shop1("setComments-seed.xml")
                .repeat(300, (i, item) -> Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1))));
        SHOP.down();
        DeliveryService.Run during = deliverShop1();
        assertThat(during.shopUnavailable()).isTrue();
        // Each worker stops at its first unreachable batch; a second worker (PostgreSQL's default) may
        // have had one on the wire already, or may find the shop known to be down before it starts.
        int workers = properties.concurrentBatchesOn(database);
        assertThat(during.batches())
                .as("the run stops at the first unreachable batch of each worker")
                .isBetween(1, workers);
        assertThat(count("outbox WHERE attempts = 0"))
                .as("the rest was not even tried")
                .isEqualTo(300 - 100 * during.batches());
        assertThat(SHOP.applied()).isEmpty();

        SHOP.listen();
        clock.advance(Duration.ofMinutes(2));
        assertThat(deliverShop1().delivered()).isEqualTo(300);
        assertThat(SHOP.applied()).hasSize(300);
    }
}
