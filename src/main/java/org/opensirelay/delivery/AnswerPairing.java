package org.opensirelay.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.opensirelay.opensi.ItemAnswer;

/**
 * Which entry of a shop's answer is about which item sent. An entry's {@code Key} names its item by
 * one of the item's identifiers, and a shop names every item of one answer the same way: for a
 * comment its CommentId or its order's WebOrderNumber, for a slip its ReturnNumber or its
 * WebReturnNumber. So an answer is read in one key space — the identifier kind its keys match
 * best, the item's own key first on a tie — never by mixing kinds, and never by position while
 * keys say otherwise. Positions only break ties: between items that share a key (the comments of
 * one order), and for an answer with no keys at all.
 *
 * <p>Whatever cannot be paired for sure is left unpaired, so that the item is sent again (a shop
 * answers 2001 to what it has already): an item no entry names, the items of a key that has fewer
 * entries than items, and the items of a key whose entries contradict each other. An item is
 * recorded delivered only on an entry that names it.
 */
final class AnswerPairing {

    private AnswerPairing() {}

    /** An item's entry, or why it has none. */
    record Paired(ItemAnswer answer, String unpaired) {

        static final String NO_ENTRY = AnswerPolicy.NO_ENTRY;

        static Paired of(ItemAnswer answer) {
            return new Paired(answer, null);
        }

        static Paired none(String why) {
            return new Paired(null, why);
        }
    }

    /**
     * @param identifiers per item sent, in sending order, its identifiers, the same kinds in the same
     *                    order for every item (the item's own key first)
     * @param answers     the entries of the shop's answer, as it sent them
     * @return per item sent, its entry or why it has none
     */
    static List<Paired> pair(List<List<String>> identifiers, List<ItemAnswer> answers) {
        List<Paired> paired = new ArrayList<>(identifiers.size());
        identifiers.forEach(ids -> paired.add(Paired.none(Paired.NO_ENTRY)));
        if (answers.isEmpty() || identifiers.isEmpty()) {
            return paired;
        }
        if (answers.stream().allMatch(a -> blank(a.key()))) {
            // No keys to go by: the contract's one-entry-per-item-in-order is all there is.
            if (answers.size() == identifiers.size()) {
                for (int i = 0; i < answers.size(); i++) {
                    paired.set(i, Paired.of(answers.get(i)));
                }
            }
            return paired;
        }
        int space = keySpace(identifiers, answers);
        Map<String, List<Integer>> itemsByKey = new LinkedHashMap<>();
        for (int i = 0; i < identifiers.size(); i++) {
            itemsByKey
                    .computeIfAbsent(identifiers.get(i).get(space), k -> new ArrayList<>())
                    .add(i);
        }
        Map<String, List<ItemAnswer>> answersByKey = new LinkedHashMap<>();
        for (ItemAnswer answer : answers) {
            if (!blank(answer.key()) && itemsByKey.containsKey(answer.key())) {
                answersByKey
                        .computeIfAbsent(answer.key(), k -> new ArrayList<>())
                        .add(answer);
            }
        }
        itemsByKey.forEach((key, items) -> {
            List<ItemAnswer> entries = answersByKey.getOrDefault(key, List.of());
            if (entries.isEmpty()) {
                return;
            }
            if (entries.size() == items.size()) {
                // As many entries as items of this key: in order, as the shop answers in request order.
                for (int n = 0; n < items.size(); n++) {
                    paired.set(items.get(n), Paired.of(entries.get(n)));
                }
            } else if (entries.size() > items.size()
                    && entries.stream().map(ItemAnswer::code).distinct().count() == 1) {
                // The same answer repeated: it says the same of each item.
                for (int n = 0; n < items.size(); n++) {
                    paired.set(items.get(n), Paired.of(entries.get(n)));
                }
            } else {
                String why = entries.size() > items.size()
                        ? "the shop's answer had " + entries.size() + " contradicting entries for key " + key
                        : "the shop's answer had " + entries.size() + " entries for key " + key + " but " + items.size()
                                + " items were sent under it: which one it is about cannot be told";
                items.forEach(i -> paired.set(i, Paired.none(why)));
            }
        });
        return paired;
    }

    /** The identifier kind most of the answer's keys name an item by; the earlier kind on a tie. */
    private static int keySpace(List<List<String>> identifiers, List<ItemAnswer> answers) {
        int kinds = identifiers.get(0).size();
        int best = 0;
        long bestMatches = -1;
        for (int kind = 0; kind < kinds; kind++) {
            int k = kind;
            List<String> keys = identifiers.stream()
                    .map(ids -> ids.get(k))
                    .filter(Objects::nonNull)
                    .toList();
            long matches = answers.stream().filter(a -> keys.contains(a.key())).count();
            if (matches > bestMatches) {
                best = kind;
                bestMatches = matches;
            }
        }
        return best;
    }

    private static boolean blank(String key) {
        return key == null || key.isBlank();
    }
}
