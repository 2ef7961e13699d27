package org.opensirelay.delivery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.outbox.OutboxRow;

/**
 * The items of claimed outbox rows, each once in its current version, in sending order. Several rows
 * of one item (versions accepted one after the other) travel as one entry: the shop gets the item as
 * it is now. Rows whose item is no longer stored are orphans.
 *
 * @param entries what goes to the shop, in order
 * @param orphans rows with nothing to send
 */
record ShopBatch<T>(List<Entry<T>> entries, List<OutboxRow> orphans) {

    /** One item of the batch and the rows it settles. */
    record Entry<T>(String key, T item, int version, List<OutboxRow> rows) {}

    /**
     * @param rows    claimed rows, in claim order
     * @param current the stored items by their outbox key
     * @param order   the order items must reach the shop in; a sort that keeps claim order among equals
     */
    static <T> ShopBatch<T> of(List<OutboxRow> rows, Map<String, VersionedItem<T>> current, Comparator<T> order) {
        Map<String, List<OutboxRow>> rowsByKey = new LinkedHashMap<>();
        List<OutboxRow> orphans = new ArrayList<>();
        for (OutboxRow row : rows) {
            if (current.containsKey(row.itemKey())) {
                rowsByKey.computeIfAbsent(row.itemKey(), k -> new ArrayList<>()).add(row);
            } else {
                orphans.add(row);
            }
        }
        List<Entry<T>> entries = new ArrayList<>(rowsByKey.size());
        rowsByKey.forEach((key, keyRows) -> {
            VersionedItem<T> item = current.get(key);
            entries.add(new Entry<>(key, item.item(), item.version(), List.copyOf(keyRows)));
        });
        entries.sort(Comparator.comparing(Entry::item, order));
        return new ShopBatch<>(List.copyOf(entries), List.copyOf(orphans));
    }

    List<T> items() {
        return entries.stream().map(Entry::item).toList();
    }

    int size() {
        return entries.size();
    }
}
