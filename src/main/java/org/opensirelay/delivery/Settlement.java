package org.opensirelay.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.outbox.OutboxRow;

/**
 * What to write to the outbox once a batch has been sent: per row delivered (with the shop's code),
 * retried at a time, or dead with a reason; and per item counted once. Decided here, as a plain
 * function of the batch, the shop's answer, the retry policy and the time, and applied by
 * {@link DeliveryService}.
 *
 * @param delivered         delivered rows, by what the shop answered them (its code and its words)
 * @param deliveredVersions the version delivered per item key (older pending versions are superseded)
 * @param retries           rows to try again
 * @param deaths            rows given up
 * @param deliveredItems    items delivered
 * @param retriedItems      items to be tried again
 * @param deadItems         items given up (orphan rows included)
 */
record Settlement(
        Map<ShopSaid, List<OutboxRow>> delivered,
        Map<String, Integer> deliveredVersions,
        List<Retry> retries,
        List<Death> deaths,
        int deliveredItems,
        int retriedItems,
        int deadItems) {

    /** What the shop answered an item it took: its code and its own words (the same for most items of a batch). */
    record ShopSaid(int code, String message) {}

    record Retry(OutboxRow row, Integer code, String error, Instant at) {}

    record Death(OutboxRow row, Integer code, String error) {}

    /** The settlement of a batch the shop answered ({@code answers} as it sent them). */
    static <T> Settlement answered(
            ShopBatch<T> batch,
            List<List<String>> identifiers,
            List<ItemAnswer> answers,
            RetryPolicy retry,
            Instant now) {
        Builder settlement = new Builder(retry, now);
        List<AnswerPairing.Paired> paired = AnswerPairing.pair(identifiers, answers);
        for (int i = 0; i < batch.size(); i++) {
            ShopBatch.Entry<T> entry = batch.entries().get(i);
            ItemAnswer answer = paired.get(i).answer();
            if (answer == null) {
                settlement.failed(entry.rows(), null, paired.get(i).unpaired());
                continue;
            }
            switch (AnswerPolicy.verdict(answer)) {
                case DELIVERED -> settlement.delivered(entry, new ShopSaid(answer.code(), answer.message()));
                case DEAD -> settlement.dead(entry.rows(), answer.code(), AnswerPolicy.error(answer));
                case RETRY -> settlement.failed(entry.rows(), answer.code(), AnswerPolicy.error(answer));
            }
        }
        // Rows of items that are no longer stored cannot be delivered; they only happen by hand-made data.
        batch.orphans().forEach(orphan -> settlement.dead(List.of(orphan), null, "the item is no longer stored"));
        return settlement.build();
    }

    /** The settlement of a batch the shop could not take (unreachable, fault, HTTP error, timeout). */
    static Settlement unavailable(List<OutboxRow> rows, String error, RetryPolicy retry, Instant now) {
        Builder settlement = new Builder(retry, now);
        rows.forEach(row -> settlement.failed(List.of(row), null, error));
        return settlement.build();
    }

    private static final class Builder {

        private final RetryPolicy retry;
        private final Instant now;
        private final Map<ShopSaid, List<OutboxRow>> delivered = new LinkedHashMap<>();
        private final Map<String, Integer> deliveredVersions = new LinkedHashMap<>();
        private final List<Retry> retries = new ArrayList<>();
        private final List<Death> deaths = new ArrayList<>();
        private int deliveredItems;
        private int retriedItems;
        private int deadItems;

        Builder(RetryPolicy retry, Instant now) {
            this.retry = retry;
            this.now = now;
        }

        void delivered(ShopBatch.Entry<?> entry, ShopSaid said) {
            delivered.computeIfAbsent(said, c -> new ArrayList<>()).addAll(entry.rows());
            deliveredVersions.put(entry.key(), entry.version());
            deliveredItems++;
        }

        void dead(List<OutboxRow> rows, Integer code, String error) {
            rows.forEach(row -> deaths.add(new Death(row, code, error)));
            deadItems++;
        }

        /** Each row again later, or given up once the policy says so; the item counts as dead if any row is. */
        void failed(List<OutboxRow> rows, Integer code, String error) {
            boolean gaveUp = false;
            for (OutboxRow row : rows) {
                if (retry.exhausted(row.attempts(), row.createdAt(), now)) {
                    deaths.add(new Death(row, code, "gave up after " + row.attempts() + " attempts: " + error));
                    gaveUp = true;
                } else {
                    retries.add(new Retry(row, code, error, now.plus(retry.delayAfter(row.attempts()))));
                }
            }
            if (gaveUp) {
                deadItems++;
            } else {
                retriedItems++;
            }
        }

        Settlement build() {
            return new Settlement(
                    delivered, deliveredVersions, retries, deaths, deliveredItems, retriedItems, deadItems);
        }
    }
}
