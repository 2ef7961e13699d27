package org.opensirelay.delivery;

import java.util.Comparator;
import java.util.List;

import org.opensirelay.contract.SetCommentsRequest;
import org.opensirelay.contract.SetOrderReturnDocumentsRequest;
import org.opensirelay.contract.SetOrderReturnStatesRequest;
import org.opensirelay.delivery.ShopItemKind.ShopOperation;
import org.opensirelay.ingest.CommentOrder;
import org.opensirelay.ingest.StoredItems;
import org.opensirelay.opensi.ContractItems;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.returns.ReturnQueries;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The kinds of item the shops are sent, each registered whole as one {@link ShopItemKind} bean: its
 * outbox name, how it is read back and ordered, the shop operation that takes it (the request built
 * from the contract's mapping, the answer's element) and the identifiers a shop answers by. Within a
 * delivery run a batch of each goes in this order: slips, comments, then return states.
 */
@Configuration(proxyBeanMethods = false)
class ShopItemKinds {

    /** Return slips have no order among themselves: they go in arrival order (the sort is stable). */
    @Bean
    @Order(1)
    ShopItemKind<ReturnDocument> returnDocuments(StoredItems items) {
        return new ShopItemKind<>(
                StoredItems.RETURN_DOCUMENT,
                items::returnDocuments,
                (a, b) -> 0,
                new ShopOperation<>(
                        (websiteCode, documents) -> {
                            SetOrderReturnDocumentsRequest request = new SetOrderReturnDocumentsRequest();
                            request.setWebsiteCode(websiteCode);
                            documents.forEach(
                                    d -> request.getOrderReturnDocument().add(ContractItems.toContract(d)));
                            return request;
                        },
                        "setOrderReturnDocumentsResponse"),
                d -> List.of(d.returnNumber(), d.webReturnNumber()));
    }

    /** The comments of one order go in CommentDate, then CommentId order. */
    @Bean
    @Order(2)
    ShopItemKind<OrderComment> comments(StoredItems items) {
        return new ShopItemKind<>(
                StoredItems.COMMENT,
                items::comments,
                Comparator.comparing(CommentOrder::orderKey).thenComparing(CommentOrder::sortKey),
                new ShopOperation<>(
                        (websiteCode, comments) -> {
                            SetCommentsRequest request = new SetCommentsRequest();
                            request.setWebsiteCode(websiteCode);
                            comments.forEach(c -> request.getComment().add(ContractItems.toContract(c)));
                            return request;
                        },
                        "setCommentsResponse"),
                c -> List.of(String.valueOf(c.commentId()), c.webOrderNumber()));
    }

    /**
     * A return's states go in the order they happened (event ids grow); the outbox holds a later
     * state back while an earlier one of the same return is pending.
     */
    @Bean
    @Order(3)
    ShopItemKind<ReturnStateChange> returnStates(ReturnQueries returns) {
        return new ShopItemKind<>(
                ReturnStateChange.OUTBOX_KIND,
                returns::stateChanges,
                Comparator.comparingLong(ReturnStateChange::eventId),
                new ShopOperation<>(
                        (websiteCode, changes) -> {
                            SetOrderReturnStatesRequest request = new SetOrderReturnStatesRequest();
                            request.setWebsiteCode(websiteCode);
                            changes.forEach(c -> request.getOrderReturnState().add(ContractItems.toContract(c.item())));
                            return request;
                        },
                        "setOrderReturnStatesResponse"),
                s -> List.of(s.webReturnNumber(), s.returnNumber()));
    }
}
