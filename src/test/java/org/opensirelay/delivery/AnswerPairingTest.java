package org.opensirelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensirelay.opensi.ItemAnswer;

/** An entry answers the item its key names, in one key space; whatever is unsure is sent again. */
@Tag("unit")
class AnswerPairingTest {

    private static final List<List<String>> THREE_SLIPS =
            List.of(List.of("R1", "WEB-1"), List.of("R2", "WEB-2"), List.of("R3", "WEB-3"));
    /** Comments: CommentId, then WebOrderNumber. */
    private static final List<List<String>> TWO_COMMENTS =
            List.of(List.of("121", "ORDER-1"), List.of("122", "ORDER-2"));

    private static List<ItemAnswer> answers(List<AnswerPairing.Paired> paired) {
        return paired.stream().map(AnswerPairing.Paired::answer).toList();
    }

    @Test
    void entriesInAnotherOrderThanTheItemsPairByTheirKeyNotTheirPosition() {
        ItemAnswer second = new ItemAnswer("122", 1001, "");
        ItemAnswer first = new ItemAnswer("121", 3001, "");
        assertThat(answers(AnswerPairing.pair(TWO_COMMENTS, List.of(second, first))))
                .containsExactly(first, second);
    }

    @Test
    void entriesWhoseKeysNameNoItemAnswerNothing() {
        List<AnswerPairing.Paired> paired = AnswerPairing.pair(
                TWO_COMMENTS, List.of(new ItemAnswer("X101", 1001, ""), new ItemAnswer("X102", 1001, "")));
        assertThat(answers(paired)).containsOnlyNulls();
        assertThat(paired)
                .extracting(AnswerPairing.Paired::unpaired)
                .containsOnly("the shop's answer had no entry for this item");
    }

    @Test
    void aKeyAnsweredTwiceDoesNotAnswerAnotherItem() {
        ItemAnswer once = new ItemAnswer("121", 1001, "");
        assertThat(answers(AnswerPairing.pair(TWO_COMMENTS, List.of(once, new ItemAnswer("121", 1001, "")))))
                .containsExactly(once, null);
    }

    @Test
    void entriesForOneKeyThatContradictEachOtherAnswerNothing() {
        List<AnswerPairing.Paired> paired = AnswerPairing.pair(
                TWO_COMMENTS,
                List.of(
                        new ItemAnswer("121", 1001, ""),
                        new ItemAnswer("121", 3001, ""),
                        new ItemAnswer("122", 1001, "")));
        assertThat(paired.get(0).answer()).isNull();
        assertThat(paired.get(0).unpaired()).contains("2 contradicting entries for key 121");
        assertThat(paired.get(1).answer().key()).isEqualTo("122");
    }

    @Test
    void kindsOfIdentifierAreNeverMixedInOneAnswer() {
        // 121's order is "122", which is also the other comment's CommentId: the answer speaks of comment 121 only.
        List<List<String>> comments = List.of(List.of("121", "122"), List.of("122", "ORDER-9"));
        ItemAnswer about121 = new ItemAnswer("121", 1001, "");
        assertThat(answers(AnswerPairing.pair(comments, List.of(about121)))).containsExactly(about121, null);
        // Answered by order number instead: the key space of the answer is the WebOrderNumber.
        ItemAnswer byOrder = new ItemAnswer("ORDER-9", 1001, "");
        ItemAnswer byOrderToo = new ItemAnswer("122", 1002, "");
        assertThat(answers(AnswerPairing.pair(
                        List.of(List.of("1", "122"), List.of("2", "ORDER-9")), List.of(byOrder, byOrderToo))))
                .containsExactly(byOrderToo, byOrder);
    }

    @Test
    void theSecondKindOfIdentifierIsReadWhenTheAnswerUsesIt() {
        ItemAnswer second = new ItemAnswer("WEB-2", 1001, "");
        ItemAnswer first = new ItemAnswer("WEB-1", 2001, "");
        assertThat(answers(AnswerPairing.pair(THREE_SLIPS, List.of(second, first))))
                .containsExactly(first, second, null);
    }

    @Test
    void itemsSharingAKeyPairInOrderWhenTheShopAnswersEachOfThem() {
        List<List<String>> comments =
                List.of(List.of("1", "ORDER-9"), List.of("2", "ORDER-9"), List.of("3", "ORDER-7"));
        ItemAnswer a = new ItemAnswer("ORDER-9", 1001, "");
        ItemAnswer b = new ItemAnswer("ORDER-9", 2001, "");
        ItemAnswer c = new ItemAnswer("ORDER-7", 1001, "");
        assertThat(answers(AnswerPairing.pair(comments, List.of(a, c, b)))).containsExactly(a, b, c);
    }

    @Test
    void fewerEntriesThanItemsSharingTheirKeyAnswerNoneOfThem() {
        // The real module leaves out a comment its order cannot take: which one, a shared key cannot tell.
        List<List<String>> comments =
                List.of(List.of("1", "ORDER-9"), List.of("2", "ORDER-9"), List.of("3", "ORDER-7"));
        ItemAnswer byOrder = new ItemAnswer("ORDER-9", 1001, "");
        List<AnswerPairing.Paired> paired = AnswerPairing.pair(comments, List.of(byOrder));
        assertThat(answers(paired)).containsOnlyNulls();
        assertThat(paired.get(0).unpaired()).contains("cannot be told");
    }

    @Test
    void anAnswerWithoutKeysPairsByPositionOnlyWhenItHasAnEntryPerItem() {
        List<ItemAnswer> unkeyed =
                List.of(new ItemAnswer("", 1001, ""), new ItemAnswer(null, 3005, ""), new ItemAnswer(" ", 2001, ""));
        assertThat(answers(AnswerPairing.pair(THREE_SLIPS, unkeyed))).containsExactlyElementsOf(unkeyed);
        assertThat(answers(AnswerPairing.pair(THREE_SLIPS, unkeyed.subList(0, 2))))
                .containsOnlyNulls();
    }

    @Test
    void anEmptyAnswerPairsNothing() {
        assertThat(answers(AnswerPairing.pair(THREE_SLIPS, List.of()))).containsExactly(null, null, null);
    }
}
