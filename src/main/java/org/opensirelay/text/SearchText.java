package org.opensirelay.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text as the console's search compares it: lower case, accents stripped, spaces collapsed. A
 * customer's name and email are stored so beside what the shop sent, and what an operator types is
 * made the same way, so that "ÉLODIE" finds "élodie" and "Elodie" with an index read, not a scan.
 */
public final class SearchText {

    /** The longest text kept for search (the stored columns' size); a longer one is cut, its prefix still found. */
    public static final int MAX = 200;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SearchText() {}

    /**
     * {@code text} decomposed (NFKD: "é" is "e" and an accent, "ﬁ" is "fi"), its accents dropped,
     * lower-cased, its runs of white space made one space, stripped, cut to {@link #MAX}; null stays null.
     */
    public static String normalise(String text) {
        if (text == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        String folded =
                SPACES.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        // Letters an NFKD decomposition keeps whole: read as people type them without accents.
        folded = folded.replace("ß", "ss")
                .replace("æ", "ae")
                .replace("œ", "oe")
                .replace("ø", "o")
                .replace("ł", "l");
        return folded.length() <= MAX ? folded : folded.substring(0, MAX);
    }

    /**
     * A normalised name from its second word on ("élodie mañé" → "mane", "jean de la fontaine" →
     * "de la fontaine"): what support types when they know the surname. Null for a name of one word.
     */
    public static String fromSecondWord(String normalised) {
        int space = normalised == null ? -1 : normalised.indexOf(' ');
        return space < 0 ? null : normalised.substring(space + 1);
    }

    /**
     * A normalised name's last word, a hyphen parting words too ("jean de la fontaine" → "fontaine",
     * "anne dupont-martin" → "martin"). Null for a name of one word.
     */
    public static String lastWord(String normalised) {
        if (normalised == null) {
            return null;
        }
        int cut = Math.max(normalised.lastIndexOf(' '), normalised.lastIndexOf('-'));
        return cut < 0 || cut == normalised.length() - 1 ? null : normalised.substring(cut + 1);
    }

    /**
     * The end of the range of texts that start with {@code prefix}: the prefix with its last
     * character made the next one. {@code column >= prefix AND column < end} is {@code LIKE 'prefix%'}
     * in the order of code units (H2's, and PostgreSQL's under the "C" collation the search columns
     * have), and stays an index range in a plan prepared before the prefix is known (a generic plan
     * of {@code LIKE ?} reads the whole index on PostgreSQL). Null when no end exists (a prefix of
     * U+FFFF only): the range is then open.
     */
    public static String prefixEnd(String prefix) {
        StringBuilder end = new StringBuilder(prefix);
        while (!end.isEmpty()) {
            char last = end.charAt(end.length() - 1);
            if (last != Character.MAX_VALUE) {
                char next = (char) (last + 1);
                // Never half a surrogate pair: past them, the next character is U+E000.
                end.setCharAt(end.length() - 1, Character.isSurrogate(next) ? '\uE000' : next);
                return end.toString();
            }
            end.setLength(end.length() - 1);
        }
        return null;
    }
}
