package org.opensirelay.delivery;

import java.util.Comparator;
import java.util.List;

import org.opensirelay.ingest.CommentOrder;
import org.opensirelay.ingest.StoredItems;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.returns.ReturnQueries;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The kinds of item the shops are sent, each a {@link ShopItemKind} bean. Within a delivery run a
 * batch of each goes in this order: slips, comments, then return states.
 */
@Configuration(proxyBeanMethods = false)
class ShopItemKinds {

    /** Return slips have no order among themselves: they go in arrival order (the sort is stable). */
    @Bean
    @Order(1)
    ShopItemKind<ReturnDocument> returnDocuments(StoredItems items, ShopClients shops) {
        return new ShopItemKind<>(
                StoredItems.RETURN_DOCUMENT,
                items::returnDocuments,
                (a, b) -> 0,
                shops::sendReturnDocuments,
                d -> List.of(d.returnNumber(), d.webReturnNumber()));
    }

    /** The comments of one order go in CommentDate, then CommentId order. */
    @Bean
    @Order(2)
    ShopItemKind<OrderComment> comments(StoredItems items, ShopClients shops) {
        return new ShopItemKind<>(
                StoredItems.COMMENT,
                items::comments,
                Comparator.comparing(CommentOrder::orderKey).thenComparing(CommentOrder::sortKey),
                shops::sendComments,
                c -> List.of(String.valueOf(c.commentId()), c.webOrderNumber()));
    }

    /**
     * A return's states go in the order they happened (event ids grow); the outbox holds a later
     * state back while an earlier one of the same return is pending.
     */
    @Bean
    @Order(3)
    ShopItemKind<ReturnStateChange> returnStates(ReturnQueries returns, ShopClients shops) {
        return new ShopItemKind<>(
                ReturnStateChange.OUTBOX_KIND,
                returns::stateChanges,
                Comparator.comparingLong(ReturnStateChange::eventId),
                shops::sendReturnStates,
                s -> List.of(s.webReturnNumber(), s.returnNumber()));
    }
}
