package org.opensirelay.returns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Refunds per unit: partial ones add up, never beyond price + tax, a full one refunds what is left. */
@Tag("unit")
class ReturnItemsTest {

    private static final OrderSnapshot ORDER = new OrderSnapshot(
            "WEB-1",
            null,
            "Ada",
            null,
            true,
            true,
            LocalDate.parse("2026-11-20"),
            "EUR",
            List.of(new OrderSnapshot.Line(
                    "L1", "SKU-A", null, "Mug", 3, new BigDecimal("12.50"), new BigDecimal("2.50"))));
    private static final ReturnView VIEW = new ReturnView(
            "R000000001",
            "WEB-1",
            null,
            null,
            "google",
            null,
            "x",
            ReturnStatus.RECEIVED,
            null,
            "processing",
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            List.of(new ReturnView.Line("L1", "SKU-A", 2, "doesNotFit", "doesNotFit")),
            List.of(),
            null,
            List.of());

    private final List<ReturnItems.Settlement> ledger = new ArrayList<>();

    private List<ReturnItems.Item> items() {
        return ReturnItems.of(VIEW, ORDER, ledger);
    }

    private ReturnItems.Decision partial(String item, String price, String tax) {
        return ReturnItems.decide(
                items(),
                List.of(new ReturnItems.Action(
                        item, false, new BigDecimal(price), new BigDecimal(tax), "EUR", false, null)),
                "EUR");
    }

    private ReturnItems.Decision full(String item) {
        return ReturnItems.decide(
                items(), List.of(new ReturnItems.Action(item, true, null, null, null, false, null)), "EUR");
    }

    @Test
    void oneItemPerUnitRefundableAtPricePlusTax() {
        assertThat(items()).extracting(ReturnItems.Item::itemId).containsExactly("R000000001-1-1", "R000000001-1-2");
        assertThat(items().get(0).refundable()).isEqualByComparingTo("15.00");
        assertThat(items().get(0).state(ReturnStatus.RECEIVED, null)).isEqualTo("received");
    }

    @Test
    void partialRefundsAddUpAndAFullRefundRefundsWhatIsLeft() {
        ReturnItems.Decision first = partial("R000000001-1-1", "5.00", "1.00");
        assertThat(first.problems()).isEmpty();
        ledger.addAll(first.settlements());
        ReturnItems.Decision second = partial("R000000001-1-1", "5.00", "1.00");
        ledger.addAll(second.settlements());
        assertThat(items().get(0).refunded()).isEqualByComparingTo("12.00");
        assertThat(items().get(0).settled()).isFalse();

        ReturnItems.Decision rest = full("R000000001-1-1");
        assertThat(rest.settlements()).singleElement().satisfies(s -> {
            assertThat(s.price()).isEqualByComparingTo("2.50");
            assertThat(s.tax()).isEqualByComparingTo("0.50");
        });
        ledger.addAll(rest.settlements());
        assertThat(items().get(0).refunded()).isEqualByComparingTo("15.00");
        assertThat(items().get(0).state(ReturnStatus.RECEIVED, null)).isEqualTo("refunded");
        assertThat(full("R000000001-1-1").problems()).extracting(Problem::code).containsExactly("ITEM_ALREADY_SETTLED");
    }

    @Test
    void aReturnTheErpClosedAsRefundedReadsRefundedInFullExceptWhatWasRejected() {
        ReturnView closed = new ReturnView(
                "R000000001",
                "WEB-1",
                null,
                null,
                "google",
                null,
                "x",
                ReturnStatus.CLOSED,
                Resolution.REFUNDED,
                "processing",
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                VIEW.lines(),
                List.of(),
                null,
                List.of());
        ledger.add(new ReturnItems.Settlement(
                "R000000001-1-2", false, BigDecimal.ZERO, BigDecimal.ZERO, "damaged", "broken"));
        List<ReturnItems.Item> items = ReturnItems.of(closed, ORDER, ledger);
        assertThat(items.get(0).refunded()).isEqualByComparingTo("15.00");
        assertThat(items.get(0).state(closed.status(), closed.resolution())).isEqualTo("refunded");
        assertThat(items.get(1).refunded()).isEqualByComparingTo("0.00");
        assertThat(items.get(1).state(closed.status(), closed.resolution())).isEqualTo("rejected");
        // Still open: nothing is refunded but what the ledger says.
        assertThat(items().get(0).refunded()).isEqualByComparingTo("0.00");
    }

    @Test
    void aRefundBeyondWhatIsLeftIsRefusedSayingWhatIsLeft() {
        ledger.addAll(partial("R000000001-1-2", "10.00", "2.00").settlements());
        ReturnItems.Decision beyond = partial("R000000001-1-2", "2.51", "0.00");
        assertThat(beyond.settlements()).isEmpty();
        assertThat(beyond.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("REFUND_EXCEEDS_REFUNDABLE");
            assertThat(p.values()).containsEntry("remainingPrice", "2.50").containsEntry("remainingTax", "0.50");
        });
        assertThat(partial("R000000001-1-2", "2.50", "0.51").problems())
                .extracting(Problem::code)
                .containsExactly("REFUND_EXCEEDS_REFUNDABLE");
        assertThat(partial("R000000001-1-2", "2.50", "0.50").problems()).isEmpty();
    }

    @Test
    void unknownItemsOtherCurrenciesAndRejectedItemsAreProblemsAllListed() {
        ledger.add(new ReturnItems.Settlement("R000000001-1-2", false, null, null, "damagedByCustomer", null));
        ReturnItems.Decision decision = ReturnItems.decide(
                items(),
                List.of(
                        new ReturnItems.Action("R000000001-9-9", true, null, null, null, false, null),
                        new ReturnItems.Action(
                                "R000000001-1-1", false, new BigDecimal("1"), new BigDecimal("0"), "USD", false, null),
                        new ReturnItems.Action("R000000001-1-2", true, null, null, null, false, null)),
                "EUR");
        assertThat(decision.problems())
                .extracting(Problem::code)
                .containsExactly("UNKNOWN_RETURN_ITEM", "CURRENCY_MISMATCH", "ITEM_ALREADY_SETTLED");
        assertThat(items().get(1).state(ReturnStatus.RECEIVED, null)).isEqualTo("rejected");
    }
}
