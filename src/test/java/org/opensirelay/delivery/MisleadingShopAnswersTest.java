package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opensirelay.support.Envelope;
import org.opensirelay.support.RelayWithShopTest;
import org.opensirelay.support.StubShop.Entry;

/**
 * A shop whose answer does not follow its request (entries reordered, unknown or repeated keys, a
 * key that is another item's order number) never gets an item recorded delivered that its answer
 * does not name: such items stay pending and are sent again (issue 20, 2).
 */
class MisleadingShopAnswersTest extends RelayWithShopTest {

    /** Comments 121 and 122; 122's order number is {@code order122}. */
    private void twoComments(String order122) {
        soap.post(shop1("setComments-seed.xml").repeat(2, (i, item) -> {
                    Envelope.field(item, "CommentId").setTextContent(String.valueOf(121 + i));
                    Envelope.field(item, "WebOrderNumber").setTextContent(i == 0 ? "5001" : order122);
                }))
                .xml()
                .valueByXPath("count(//xsd:Code[.='1001'])")
                .isEqualTo("2");
    }

    @Test
    void entriesInReverseOrderSettleTheItemsTheyName() {
        twoComments("5002");
        SHOP.shapeAnswer(entries -> List.of(new Entry("122", 1001, "OK"), new Entry("121", 3001, "Duplicate")));
        deliverShop1();
        assertThat(status("COMMENT", "122")).isEqualTo("DELIVERED");
        assertThat(status("COMMENT", "121")).isEqualTo("DEAD");
    }

    @Test
    void entriesWithKeysThatNameNoItemDeliverNothing() {
        twoComments("5002");
        SHOP.shapeAnswer(entries -> List.of(new Entry("X101", 1001, "OK"), new Entry("X102", 1001, "OK")));
        deliverShop1();
        assertThat(status("COMMENT", "121")).isEqualTo("PENDING");
        assertThat(status("COMMENT", "122")).isEqualTo("PENDING");
        assertThat(jdbc.queryForList("SELECT last_error FROM outbox WHERE item_kind = 'COMMENT'", String.class))
                .containsOnly("the shop's answer had no entry for this item");
    }

    @Test
    void aKeyAnsweredTwiceDeliversOnlyItsOwnItem() {
        twoComments("5002");
        SHOP.shapeAnswer(entries -> List.of(new Entry("121", 1001, "OK"), new Entry("121", 1001, "OK")));
        deliverShop1();
        assertThat(status("COMMENT", "121")).isEqualTo("DELIVERED");
        assertThat(status("COMMENT", "122")).isEqualTo("PENDING");
    }

    @Test
    void aKeyThatIsAnotherCommentsOrderNumberDoesNotDeliverThatComment() {
        // The shop answers comment 121 alone; comment 122 is on order "121".
        twoComments("121");
        SHOP.shapeAnswer(
                entries -> entries.stream().filter(e -> e.key().equals("121")).toList());
        deliverShop1();
        assertThat(status("COMMENT", "121")).isEqualTo("DELIVERED");
        assertThat(status("COMMENT", "122")).isEqualTo("PENDING");

        // Sent again after its retry delay, and delivered once the shop answers it.
        SHOP.shapeAnswer(entries -> entries);
        clock.advance(Duration.ofHours(2));
        deliverShop1();
        assertThat(status("COMMENT", "122")).isEqualTo("DELIVERED");
        assertThat(SHOP.requests()).hasSize(2);
    }
}
