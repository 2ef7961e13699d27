package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensirelay.delivery.AnswerPolicy.Verdict;
import org.opensirelay.opensi.ItemAnswer;

@Tag("unit")
class AnswerPolicyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1001, DELIVERED",
        "1002, DELIVERED",
        "1003, DELIVERED",
        "2001, DELIVERED",
        "3002, RETRY",
        "3001, DEAD",
        "3003, DEAD",
        "3004, DEAD",
        "3005, DEAD",
        "3999, DEAD",
        "1000, RETRY",
        "2002, RETRY",
        "4000, RETRY",
        "0, RETRY",
        "-1, RETRY"
    })
    void whatEachShopCodeMeans(int code, Verdict verdict) {
        assertThat(AnswerPolicy.verdict(new ItemAnswer("K", code, "m"))).isEqualTo(verdict);
    }

    @Test
    void noEntryForTheItemIsRetried() {
        assertThat(AnswerPolicy.verdict(null)).isEqualTo(Verdict.RETRY);
        assertThat(AnswerPolicy.error(null)).isEqualTo("the shop's answer had no entry for this item");
    }

    @Test
    void theRecordedErrorIsTheShopsCodeAndMessage() {
        assertThat(AnswerPolicy.error(new ItemAnswer("K", 3005, "No carrier for this order")))
                .isEqualTo("3005 No carrier for this order");
    }
}
