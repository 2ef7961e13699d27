package org.opensirelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.opensi.OrderComment;

/** The comments of one shop order reach the shop by CommentDate, then CommentId. */
@Tag("unit")
class CommentOrderTest {

    private static OrderComment comment(int id, String date) {
        return new OrderComment(id, "CC1", "WEB-1", "text", date, false, true);
    }

    private static List<Integer> sorted(OrderComment... comments) {
        return Arrays.stream(comments)
                .sorted(Comparator.comparing(CommentOrder::sortKey))
                .map(OrderComment::commentId)
                .toList();
    }

    @Test
    void byDateThenById() {
        assertThat(sorted(comment(3, "2020-05-02"), comment(2, "2020-05-01"), comment(1, "2020-05-02")))
                .containsExactly(2, 1, 3);
    }

    @Test
    void idsCompareAsNumbersNegativeOnesFirst() {
        assertThat(sorted(
                        comment(10, "2020-05-01"),
                        comment(9, "2020-05-01"),
                        comment(-5, "2020-05-01"),
                        comment(Integer.MAX_VALUE, "2020-05-01"),
                        comment(Integer.MIN_VALUE, "2020-05-01")))
                .containsExactly(Integer.MIN_VALUE, -5, 9, 10, Integer.MAX_VALUE);
    }

    @Test
    void datesAndDateTimesShareOneTimeLineInUtc() {
        // 09:30+02:00 is 07:30 UTC: before 08:00 (no zone) and after the plain date (midnight).
        assertThat(sorted(
                        comment(1, "2020-05-01T08:00:00"),
                        comment(2, "2020-05-01T09:30:00+02:00"),
                        comment(3, "2020-05-01"),
                        comment(4, "2020-04-30T23:59:59Z")))
                .containsExactly(4, 3, 2, 1);
    }

    @Test
    void theOrderKeyIsTheShopsOrderNumber() {
        assertThat(CommentOrder.orderKey(comment(1, "2020-05-01"))).isEqualTo("WEB-1");
    }
}
