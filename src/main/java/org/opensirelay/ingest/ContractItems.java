package org.opensirelay.ingest;

import org.opensirelay.contract.types.Comment;
import org.opensirelay.contract.types.OrderReturnDocument;

/**
 * The one mapping between the contract's generated item types and the relay's records: what the
 * endpoint receives from the ERP and what the shop clients send on are the same fields.
 */
public final class ContractItems {

    private ContractItems() {}

    public static ReturnDocument returnDocument(OrderReturnDocument d) {
        return new ReturnDocument(d.getReturnNumber(), d.getWebReturnNumber(), d.getUrl());
    }

    public static OrderReturnDocument toContract(ReturnDocument d) {
        OrderReturnDocument item = new OrderReturnDocument();
        item.setReturnNumber(d.returnNumber());
        item.setWebReturnNumber(d.webReturnNumber());
        item.setUrl(d.url());
        return item;
    }

    public static OrderComment comment(Comment c) {
        return new OrderComment(
                c.getCommentId(),
                c.getOrderNumber(),
                c.getWebOrderNumber(),
                c.getComment(),
                c.getCommentDate(),
                c.isSendMail(),
                c.isVisibleForCustomer());
    }

    public static Comment toContract(OrderComment c) {
        Comment item = new Comment();
        item.setOrderNumber(c.orderNumber());
        item.setWebOrderNumber(c.webOrderNumber());
        item.setCommentId(c.commentId());
        item.setComment(c.comment());
        item.setCommentDate(c.commentDate());
        item.setSendMail(c.sendMail());
        item.setVisibleForCustomer(c.visibleForCustomer());
        return item;
    }
}
