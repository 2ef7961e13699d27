package org.opensirelay.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Which entry of a shop's answer is about which item sent. OpenSi connectors answer one entry per
 * item in request order, but their {@code Key} is not always the same identifier (ReturnNumber or
 * WebReturnNumber, CommentId or WebOrderNumber): with as many entries as items, entries pair by
 * position; otherwise by any of the item's identifiers, each entry used once.
 */
final class AnswerPairing {

    private AnswerPairing() {
    }

    /**
     * @param identifiers per item sent, in sending order, the identifiers a shop may answer it by
     * @param answers     the entries of the shop's answer
     * @return per item sent, its answer entry or null
     */
    static List<ShopAnswer> pair(List<List<String>> identifiers, List<ShopAnswer> answers) {
        if (answers.size() == identifiers.size()) {
            return new ArrayList<>(answers);
        }
        List<ShopAnswer> unused = new ArrayList<>(answers);
        List<ShopAnswer> paired = new ArrayList<>(identifiers.size());
        for (List<String> ids : identifiers) {
            ShopAnswer found = unused.stream().filter(a -> ids.contains(a.key())).findFirst().orElse(null);
            unused.remove(found);
            paired.add(found);
        }
        return paired;
    }
}
