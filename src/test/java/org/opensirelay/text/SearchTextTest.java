package org.opensirelay.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SearchTextTest {

    @Test
    void textIsComparedInLowerCaseWithoutAccentsAndWithOneSpaceBetweenWords() {
        assertThat(SearchText.normalise("  Élodie\t MAÑÉ ")).isEqualTo("elodie mane");
        assertThat(SearchText.normalise("Çédric.Lœwe@Straße.DE")).isEqualTo("cedric.loewe@strasse.de");
        assertThat(SearchText.normalise(null)).isNull();
        assertThat(SearchText.normalise("x".repeat(300))).hasSize(SearchText.MAX);
    }

    @Test
    void theRangeOfTextsStartingWithAPrefixEndsAtItsLastCharacterPlusOne() {
        assertThat(SearchText.prefixEnd("elodie")).isEqualTo("elodif");
        String end = SearchText.prefixEnd("ab");
        assertThat("ab").isLessThan(end);
        assertThat("abzzzz").isLessThan(end);
        assertThat("ac").isGreaterThanOrEqualTo(end);
        assertThat(SearchText.prefixEnd("a\uFFFF")).isEqualTo("b");
        assertThat(SearchText.prefixEnd("\uFFFF")).isNull();
        assertThat(SearchText.prefixEnd("a\uD7FF")).isEqualTo("a\uE000");
    }

    @Test
    void aSurnameIsTheNameFromItsSecondWordOnOrItsLastWord() {
        assertThat(SearchText.fromSecondWord("elodie mane")).isEqualTo("mane");
        assertThat(SearchText.fromSecondWord("jean de la fontaine")).isEqualTo("de la fontaine");
        assertThat(SearchText.lastWord("jean de la fontaine")).isEqualTo("fontaine");
        assertThat(SearchText.lastWord("anne dupont-martin")).isEqualTo("martin");
        assertThat(SearchText.fromSecondWord("cher")).isNull();
        assertThat(SearchText.lastWord("cher")).isNull();
        assertThat(SearchText.lastWord("cher-")).isNull();
        assertThat(SearchText.fromSecondWord(null)).isNull();
        assertThat(SearchText.lastWord(null)).isNull();
    }
}
