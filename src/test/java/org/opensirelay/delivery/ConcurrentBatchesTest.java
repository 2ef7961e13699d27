package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayWithShopTest;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code relay.delivery.concurrent-batches=3}, three workers claim and send side by side:
 * still every item once, and the comments of one order in CommentDate order, each batch after the
 * one holding the comment before it.
 */
@TestPropertySource(properties = "relay.delivery.concurrent-batches=3")
class ConcurrentBatchesTest extends RelayWithShopTest {

    @Test
    void workersSideBySideDeliverEveryItemOnceAndEachOrderInOrder() {
        // 60 orders of 5 comments, dated day 1 to day 5 in reverse id order, so that date order is not id order.
        soap.post(shop1("setComments-seed.xml").repeat(300, (i, item) -> {
            Envelope.field(item, "CommentId").setTextContent(String.valueOf(i + 1));
            Envelope.field(item, "WebOrderNumber").setTextContent("W" + (i % 60));
            Envelope.field(item, "CommentDate").setTextContent("2020-05-0" + (5 - i / 60));
        }));

        DeliveryService.Run run = deliverShop1();

        assertThat(run.delivered()).isEqualTo(300);
        assertThat(run.batches())
                .as("more than the 3 batches of 100 the backlog holds: an order's next comment waits")
                .isGreaterThan(3);
        assertThat(SHOP.receivedKeys()).hasSize(300).doesNotHaveDuplicates();
        Map<String, List<String>> datesByOrder = new LinkedHashMap<>();
        for (Map<String, String> comment : SHOP.items("setCommentsRequest")) {
            datesByOrder
                    .computeIfAbsent(comment.get("WebOrderNumber"), o -> new ArrayList<>())
                    .add(comment.get("CommentDate"));
        }
        assertThat(datesByOrder)
                .hasSize(60)
                .allSatisfy((order, dates) -> assertThat(dates)
                        .as("dates of order %s as received", order)
                        .isSorted()
                        .hasSize(5));
        assertThat(deliverShop1().batches()).as("nothing left, nothing twice").isZero();
    }
}
