package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AnswerPairingTest {

    private static final List<List<String>> THREE_SLIPS = List.of(
            List.of("R1", "WEB-1"), List.of("R2", "WEB-2"), List.of("R3", "WEB-3"));

    @Test
    void asManyEntriesAsItemsPairByPositionWhateverTheirKey() {
        // A module answering with WebReturnNumber, or with a key of its own, is still understood.
        List<ShopAnswer> answers = List.of(new ShopAnswer("x", 1001, ""), new ShopAnswer("y", 3005, ""), new ShopAnswer("z", 2001, ""));
        assertThat(AnswerPairing.pair(THREE_SLIPS, answers)).containsExactlyElementsOf(answers);
    }

    @Test
    void otherwiseEntriesPairByAnyIdentifierEachUsedOnce() {
        ShopAnswer second = new ShopAnswer("WEB-2", 1001, "");
        ShopAnswer first = new ShopAnswer("R1", 2001, "");
        assertThat(AnswerPairing.pair(THREE_SLIPS, List.of(second, first))).containsExactly(first, second, null);
    }

    @Test
    void oneEntryDoesNotAnswerTwoItemsWithTheSameIdentifier() {
        // Two comments of one order share their WebOrderNumber.
        List<List<String>> comments = List.of(List.of("1", "ORDER-9"), List.of("2", "ORDER-9"), List.of("3", "ORDER-7"));
        ShopAnswer byOrder = new ShopAnswer("ORDER-9", 1001, "");
        assertThat(AnswerPairing.pair(comments, List.of(byOrder))).containsExactly(byOrder, null, null);
    }

    @Test
    void anEmptyAnswerPairsNothing() {
        assertThat(AnswerPairing.pair(THREE_SLIPS, List.of())).containsExactly(null, null, null);
    }
}
