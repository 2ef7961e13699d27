package org.opensirelay.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TextTest {

    @Test
    void aShortEnoughValueIsKeptWhole() {
        assertThat(Text.abbreviate("12345", 5)).isEqualTo("12345");
        assertThat(Text.abbreviate("", 1)).isEmpty();
        assertThat(Text.abbreviate(null, 5)).isNull();
    }

    @Test
    void aLongerOneEndsWithAnEllipsisWithinTheMaximum() {
        assertThat(Text.abbreviate("123456", 5)).isEqualTo("1234…").hasSize(5);
        assertThat(Text.abbreviate("x".repeat(5000), 1000)).hasSize(1000).endsWith("x…");
        assertThat(Text.abbreviate("ab", 1)).isEqualTo("…");
    }

    @Test
    void aSurrogatePairIsNeverCutInTwo() {
        String emoji = "\uD83D\uDE00";
        assertThat(Text.abbreviate("abc" + emoji + "def", 5)).isEqualTo("abc…");
        assertThat(Text.abbreviate("ab" + emoji + "def", 5)).isEqualTo("ab" + emoji + "…");
    }

    @Test
    void controlCharactersBecomeQuestionMarks() {
        assertThat(Text.printable("SHOP\r\n1\u0000")).isEqualTo("SHOP??1?");
    }

    @Test
    void aMaximumBelowOneIsAMistake() {
        assertThatThrownBy(() -> Text.abbreviate("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
