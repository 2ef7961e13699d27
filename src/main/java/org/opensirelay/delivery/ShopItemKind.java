package org.opensirelay.delivery;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.website.ShopConnector;

/**
 * One kind of outbox item a shop is sent: how it is read back, ordered, sent and recognised in the
 * shop's answer. Each is a bean ({@link ShopItemKinds}); {@link DeliveryService} delivers every kind
 * registered, in their {@code @Order}, and knows none of them by name.
 *
 * @param name        the outbox's item kind
 * @param current     the stored items by outbox key, for a website
 * @param order       the order items must reach the shop in
 * @param sender      the shop operation
 * @param identifiers the identifiers a shop may name an item by in its answer
 */
record ShopItemKind<T>(
        String name,
        BiFunction<Long, Collection<String>, Map<String, VersionedItem<T>>> current,
        Comparator<T> order,
        Sender<T> sender,
        Function<T, List<String>> identifiers) {

    /** The shop operation that takes a batch of items. */
    @FunctionalInterface
    interface Sender<T> {
        List<ItemAnswer> send(ShopConnector shop, List<T> items) throws ShopUnavailableException;
    }
}
