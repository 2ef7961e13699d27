package org.opensirelay.delivery;

import org.opensirelay.opensi.ItemAnswer;

/**
 * What a shop's answer code means for the item it is about. 1001/1002/1003/2001: delivered (2001
 * means the shop had it already, which makes a replay harmless). 3002 (not found: the order may not
 * have reached the shop yet): try again later. Any other 3xxx: the shop refuses it for good. No
 * entry for the item, or any other code: try again later.
 */
final class AnswerPolicy {

    enum Verdict {
        DELIVERED,
        RETRY,
        DEAD
    }

    /** Why an item the answer did not name is sent again. */
    static final String NO_ENTRY = "the shop's answer had no entry for this item";

    private AnswerPolicy() {}

    static Verdict verdict(ItemAnswer answer) {
        if (answer == null) {
            return Verdict.RETRY;
        }
        if (answer.delivered()) {
            return Verdict.DELIVERED;
        }
        if (answer.error() && answer.code() != ItemAnswer.NOT_FOUND) {
            return Verdict.DEAD;
        }
        return Verdict.RETRY;
    }

    /** The error to record for an item not delivered. */
    static String error(ItemAnswer answer) {
        return answer == null ? NO_ENTRY : answer.code() + " " + answer.message();
    }
}
