package org.opensirelay.delivery;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.opensirelay.ingest.VersionedItem;
import org.opensirelay.outbox.OutboxKind;

/**
 * One kind of outbox item a shop is sent, registered whole as one bean ({@link ShopItemKinds}), the
 * way db-scheduler registers a task: its name in the outbox, how it is read back, ordered, sent, and
 * recognised in the shop's answer. Being an {@link OutboxKind} too, the same bean tells the outbox the
 * kind exists. {@link DeliveryService} delivers every kind registered, in their {@code @Order}, and
 * knows none of them by name; {@link ShopClients} sends any of them.
 *
 * @param name        the outbox's item kind
 * @param current     the stored items by outbox key, for a website
 * @param order       the order items must reach the shop in
 * @param operation   the shop operation that takes a batch of them
 * @param identifiers the identifiers a shop may name an item by in its answer
 */
record ShopItemKind<T>(
        String name,
        BiFunction<Long, Collection<String>, Map<String, VersionedItem<T>>> current,
        Comparator<T> order,
        ShopOperation<T> operation,
        Function<T, List<String>> identifiers)
        implements OutboxKind {

    /**
     * A {@code set*} operation of the shop's connector: the request for a batch (its JAXB element, for
     * the website's code) and the element the shop answers with.
     */
    record ShopOperation<T>(BiFunction<String, List<T>, Object> request, String answerElement) {}
}
