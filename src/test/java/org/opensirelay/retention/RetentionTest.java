package org.opensirelay.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayWithShopTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Tables do not grow without end: delivered rows and the request audit go once they are older than
 * relay.retention.keep (30 days by default); the items stay, and so does what is still to deliver.
 */
class RetentionTest extends RelayWithShopTest {

    @Autowired
    Retention retention;

    private static Envelope comments(int first, int count) {
        return shop1("setComments-seed.xml").repeat(count, (i, item) ->
                Envelope.field(item, "CommentId").setTextContent(String.valueOf(first + i)));
    }

    @Test
    void deliveredRowsAndTheAuditGoAfterThirtyDaysItemsAndPendingRowsStay() {
        soap.post(comments(1, 3));
        assertThat(deliverShop1().delivered()).isEqualTo(3);
        SHOP.down();
        soap.post(comments(4, 1));
        deliverShop1();

        clock.advance(Duration.ofDays(29));
        assertThat(retention.purge()).as("nothing is 30 days old yet").isEqualTo(new Retention.Purged(0, 0));

        clock.advance(Duration.ofDays(2));
        soap.post(comments(5, 1));
        assertThat(retention.purge()).isEqualTo(new Retention.Purged(3, 2));

        assertThat(jdbc.queryForList("SELECT item_key FROM outbox ORDER BY id", String.class))
                .as("the row the shop never took and today's row stay").containsExactly("4", "5");
        assertThat(count("order_comment")).isEqualTo(5);
        assertThat(count("inbound_request")).as("today's request").isEqualTo(1);
        // A resend of an item whose outbox row is gone is still known.
        soap.post(comments(1, 1)).xml().nodesByXPath("//open:return[xsd:Code='2001']").hasSize(1);
        SHOP.listen();
    }
}
