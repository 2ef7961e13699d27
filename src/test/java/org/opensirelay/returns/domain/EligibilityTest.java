package org.opensirelay.returns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** PrestaShop's rules, each at its boundary, all problems at once. */
@Tag("unit")
class EligibilityTest {

    private static final LocalDate DELIVERED = LocalDate.parse("2026-11-01");
    private static final ReturnSettings FOURTEEN_DAYS = new ReturnSettings(true, 14, Map.of(), true, List.of());

    private static OrderSnapshot order(boolean paid, boolean shipped, LocalDate deliveredAt) {
        return new OrderSnapshot(
                "WEB-1",
                "CC1",
                "Ada",
                "ada@example.org",
                paid,
                shipped,
                deliveredAt,
                "EUR",
                List.of(
                        new OrderSnapshot.Line(
                                "L1",
                                "SKU-A",
                                "3760000000011",
                                "Mug",
                                2,
                                new BigDecimal("12.50"),
                                new BigDecimal("2.50")),
                        new OrderSnapshot.Line(
                                "L2", "SKU-B", null, "Plate", 1, new BigDecimal("20.00"), new BigDecimal("4.00"))));
    }

    private static ReturnRequest request(String reason, ReturnRequest.Line... lines) {
        return new ReturnRequest("WEB-1", null, "shop", null, reason, List.of(lines));
    }

    private static ReturnRequest.Line line(String lineId, int quantity) {
        return new ReturnRequest.Line(lineId, null, null, quantity, null);
    }

    private static List<String> codes(Eligibility.Verdict verdict) {
        return verdict.problems().stream().map(Problem::code).toList();
    }

    @Test
    void theLastDayOfThePeriodIsAcceptedTheNextRefusedWithTheLastAllowedDay() {
        ReturnRequest request = request("too small", line("L1", 1));
        assertThat(Eligibility.judge(
                                FOURTEEN_DAYS, order(true, true, DELIVERED), request, Map.of(), DELIVERED.plusDays(14))
                        .eligible())
                .isTrue();
        Eligibility.Verdict late = Eligibility.judge(
                FOURTEEN_DAYS, order(true, true, DELIVERED), request, Map.of(), DELIVERED.plusDays(15));
        assertThat(late.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("RETURN_PERIOD_OVER");
            assertThat(p.values()).containsEntry("lastAllowedDay", "2026-11-15");
        });
    }

    @Test
    void zeroDaysMeansNoLimitAndAnUndeliveredOrderIsWithinItsPeriod() {
        ReturnRequest request = request("broken", line("L1", 1));
        assertThat(Eligibility.judge(
                                new ReturnSettings(true, 0, Map.of(), true, List.of()),
                                order(true, true, DELIVERED),
                                request,
                                Map.of(),
                                DELIVERED.plusDays(4000))
                        .eligible())
                .isTrue();
        assertThat(Eligibility.judge(FOURTEEN_DAYS, order(true, true, null), request, Map.of(), DELIVERED.plusDays(400))
                        .eligible())
                .isTrue();
    }

    @Test
    void everyProblemIsListedAtOnce() {
        Eligibility.Verdict verdict = Eligibility.judge(
                new ReturnSettings(false, 14, Map.of(), true, List.of()),
                order(false, false, DELIVERED),
                request("  ", line("L9", 1), line("L2", 0), line("L1", 3)),
                Map.of(),
                DELIVERED.plusDays(30));
        assertThat(codes(verdict))
                .containsExactly(
                        "RETURNS_DISABLED",
                        "ORDER_NOT_PAID",
                        "ORDER_NOT_SHIPPED",
                        "RETURN_PERIOD_OVER",
                        "REASON_REQUIRED",
                        "UNKNOWN_LINE",
                        "QUANTITY_NOT_POSITIVE",
                        "QUANTITY_EXCEEDED");
        assertThat(verdict.lines()).isEmpty();
    }

    @Test
    void quantitiesClaimedByOtherReturnsAreDeductedAndTheRemainderIsSaid() {
        ReturnRequest two = request("wrong size", line("L1", 2));
        assertThat(Eligibility.judge(FOURTEEN_DAYS, order(true, true, DELIVERED), two, Map.of("L1", 1), DELIVERED)
                        .problems())
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo("QUANTITY_EXCEEDED");
                    assertThat(p.pointer()).isEqualTo("/lines/0/quantity");
                    assertThat(p.values()).containsEntry("remaining", 1).containsEntry("asked", 2);
                });
        assertThat(Eligibility.judge(
                                FOURTEEN_DAYS,
                                order(true, true, DELIVERED),
                                request("x", line("L1", 1)),
                                Map.of("L1", 1),
                                DELIVERED)
                        .eligible())
                .isTrue();
    }

    @Test
    void twoLinesOfTheRequestForOneOrderLineAddUp() {
        Eligibility.Verdict verdict = Eligibility.judge(
                FOURTEEN_DAYS,
                order(true, true, DELIVERED),
                request("x", line("L1", 1), new ReturnRequest.Line(null, "SKU-A", null, 2, null)),
                Map.of(),
                DELIVERED);
        assertThat(codes(verdict)).containsExactly("QUANTITY_EXCEEDED");
    }

    @Test
    void aLineIsFoundByIdElseSkuElseGtinWhenTheMarketplacesSkuDiffers() {
        ReturnRequest marketplace = request(
                "damaged", new ReturnRequest.Line(null, "MKP-SKU-77", "3760000000011", 1, "damagedOrDefectiveItem"));
        Eligibility.Verdict verdict =
                Eligibility.judge(FOURTEEN_DAYS, order(true, true, DELIVERED), marketplace, Map.of(), DELIVERED);
        assertThat(verdict.eligible()).isTrue();
        assertThat(verdict.lines()).singleElement().satisfies(l -> {
            assertThat(l.orderLine().lineId()).isEqualTo("L1");
            assertThat(l.reasonCode()).isEqualTo("damagedOrDefectiveItem");
        });
        assertThat(Eligibility.judge(
                                FOURTEEN_DAYS,
                                order(true, true, DELIVERED),
                                request("x", new ReturnRequest.Line(null, "SKU-B", null, 1, null)),
                                Map.of(),
                                DELIVERED)
                        .lines())
                .extracting(l -> l.orderLine().lineId())
                .containsExactly("L2");
        assertThat(codes(Eligibility.judge(
                        FOURTEEN_DAYS,
                        order(true, true, DELIVERED),
                        request("x", new ReturnRequest.Line(null, null, "0000000000000", 1, null)),
                        Map.of(),
                        DELIVERED)))
                .containsExactly("UNKNOWN_LINE");
    }
}
