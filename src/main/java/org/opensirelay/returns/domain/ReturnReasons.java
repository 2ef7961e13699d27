package org.opensirelay.returns.domain;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One reason taxonomy for every channel: Google's {@code customerReturnReason} codes. A line's reason
 * — a shop's code ({@code doesNotFit}), a marketplace's or a customer's words ("Trop petit", "Article
 * abîmé") — maps to one code: the website's own mapping first ({@code returns.reasons.<word>=<code>},
 * matched against the code and within the words), then a code of the taxonomy as given, then the
 * words' usual French and English phrasings, else {@code other} ({@code notSpecified} when there are
 * none). The original words are kept beside it. Plain functions.
 */
public final class ReturnReasons {

    public static final List<String> CODES = List.of(
            "betterPriceFound",
            "changedMind",
            "damagedOrDefectiveItem",
            "didNotMatchDescription",
            "doesNotFit",
            "expiredItem",
            "incorrectItemReceived",
            "noLongerNeeded",
            "notSpecified",
            "orderedWrongItem",
            "other",
            "qualityNotExpected",
            "receivedTooLate",
            "undeliverable");

    /** Usual phrasings (lower case, without accents) and the code each means; the first that matches wins. */
    private static final Map<String, String> WORDS = new LinkedHashMap<>();

    static {
        for (String w : List.of(
                "trop petit", "trop grand", "taille", "pointure", "too small", "too big", "too large", "size")) {
            WORDS.put(w, "doesNotFit");
        }
        for (String w : List.of(
                "abime",
                "casse",
                "defectueux",
                "defaut",
                "endommage",
                "ne fonctionne pas",
                "damaged",
                "broken",
                "defective",
                "faulty",
                "does not work")) {
            WORDS.put(w, "damagedOrDefectiveItem");
        }
        for (String w : List.of(
                "mauvais article",
                "pas le bon",
                "erreur de livraison",
                "wrong item",
                "incorrect item",
                "not what i ordered")) {
            WORDS.put(w, "incorrectItemReceived");
        }
        for (String w :
                List.of("ne correspond pas", "non conforme", "not as described", "different from", "does not match")) {
            WORDS.put(w, "didNotMatchDescription");
        }
        for (String w : List.of("qualite", "quality")) {
            WORDS.put(w, "qualityNotExpected");
        }
        for (String w : List.of("change d'avis", "changer d'avis", "plus envie", "changed my mind", "changed mind")) {
            WORDS.put(w, "changedMind");
        }
        for (String w : List.of("plus besoin", "no longer needed", "not needed")) {
            WORDS.put(w, "noLongerNeeded");
        }
        for (String w : List.of("trop tard", "en retard", "retard", "too late", "arrived late")) {
            WORDS.put(w, "receivedTooLate");
        }
        for (String w : List.of("moins cher", "meilleur prix", "better price", "cheaper")) {
            WORDS.put(w, "betterPriceFound");
        }
        for (String w : List.of("perime", "expired")) {
            WORDS.put(w, "expiredItem");
        }
        for (String w :
                List.of("commande par erreur", "ordered by mistake", "ordered the wrong", "wrong size ordered")) {
            WORDS.put(w, "orderedWrongItem");
        }
    }

    private ReturnReasons() {}

    /** The taxonomy's code for a line whose reason is {@code code} and/or {@code words}. */
    public static String category(String code, String words, Map<String, String> websiteMapping) {
        String plainCode = plain(code);
        String plainWords = plain(words);
        for (Map.Entry<String, String> mapped : websiteMapping.entrySet()) {
            String key = plain(mapped.getKey());
            if (!key.isEmpty() && (key.equals(plainCode) || plainWords.contains(key))) {
                return mapped.getValue();
            }
        }
        for (String known : CODES) {
            if (known.equalsIgnoreCase(code == null ? "" : code.strip())) {
                return known;
            }
        }
        String text = (plainCode + " " + plainWords).strip();
        if (text.isEmpty()) {
            return "notSpecified";
        }
        for (Map.Entry<String, String> phrasing : WORDS.entrySet()) {
            if (text.contains(phrasing.getKey())) {
                return phrasing.getValue();
            }
        }
        return "other";
    }

    /** Lower case, accents off, spaces folded: "Abîmé " and "abime" are one word. */
    static String plain(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return decomposed
                .toLowerCase(Locale.ROOT)
                .replace('’', '\'')
                .replaceAll("\\s+", " ")
                .strip();
    }
}
