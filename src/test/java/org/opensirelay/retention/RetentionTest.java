package org.opensirelay.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;

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
        return shop1("setComments-seed.xml")
                .repeat(
                        count,
                        (i, item) -> Envelope.field(item, "CommentId").setTextContent(String.valueOf(first + i)));
    }

    @Test
    void deliveredRowsAndTheAuditGoAfterThirtyDaysItemsAndPendingRowsStay() {
        soap.post(comments(1, 3));
        assertThat(deliverShop1().delivered()).isEqualTo(3);
        SHOP.down();
        soap.post(comments(4, 1));
        deliverShop1();

        clock.advance(Duration.ofDays(29));
        assertThat(retention.purge()).as("nothing is 30 days old yet").isEqualTo(new Retention.Purged(0, 0, 0));

        clock.advance(Duration.ofDays(2));
        soap.post(comments(5, 1));
        assertThat(retention.purge()).isEqualTo(new Retention.Purged(3, 2, 0));

        assertThat(jdbc.queryForList("SELECT item_key FROM outbox ORDER BY id", String.class))
                .as("the row the shop never took and today's row stay")
                .containsExactly("4", "5");
        assertThat(count("order_comment")).isEqualTo(5);
        assertThat(count("inbound_request")).as("today's request").isEqualTo(1);
        // A resend of an item whose outbox row is gone is still known.
        soap.post(comments(1, 1))
                .xml()
                .nodesByXPath("//open:return[xsd:Code='2001']")
                .hasSize(1);
        SHOP.listen();
    }

    @Test
    void aWebhookEventGoesOnceItsDeliveryRowIsGoneNotWhileItIsPendingOrDead() {
        long website = shop1().id();
        for (long id : new long[] {901, 902, 903}) {
            jdbc.update(
                    "INSERT INTO webhook_event (id, website_id, subscription_id, event_type, message_id, body, created_at)"
                            + " VALUES (?, ?, 1, 'comment.stored', ?, '{}', ?)",
                    id,
                    website,
                    "msg_" + id,
                    OffsetDateTime.parse("2026-11-22T10:00:00Z"));
        }
        // 901 was delivered and its row purged; 902 still waits; 903 is dead, for an operator to retry.
        jdbc.update(
                "INSERT INTO outbox (website_id, item_kind, item_key, item_version, status, attempts, next_attempt_at, created_at)"
                        + " VALUES (?, 'WEBHOOK', '902', 1, 'PENDING', 3, ?, ?)",
                website,
                OffsetDateTime.parse("2026-12-30T10:00:00Z"),
                OffsetDateTime.parse("2026-11-22T10:00:00Z"));
        jdbc.update(
                "INSERT INTO outbox (website_id, item_kind, item_key, item_version, status, attempts, next_attempt_at, created_at)"
                        + " VALUES (?, 'WEBHOOK', '903', 1, 'DEAD', 50, ?, ?)",
                website,
                OffsetDateTime.parse("2026-11-29T10:00:00Z"),
                OffsetDateTime.parse("2026-11-22T10:00:00Z"));
        assertThat(retention.purge().webhookEvents()).as("not 30 days old").isZero();
        clock.advance(Duration.ofDays(31));
        assertThat(retention.purge().webhookEvents()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT id FROM webhook_event ORDER BY id", Long.class))
                .containsExactly(902L, 903L);
    }
}
