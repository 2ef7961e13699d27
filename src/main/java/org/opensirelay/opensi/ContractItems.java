package org.opensirelay.opensi;

import java.util.List;

import org.opensirelay.contract.ReferenceResponses;
import org.opensirelay.contract.types.Comment;
import org.opensirelay.contract.types.CreditNote;
import org.opensirelay.contract.types.CreditNoteProduct;
import org.opensirelay.contract.types.OrderReturn;
import org.opensirelay.contract.types.OrderReturnDocument;
import org.opensirelay.contract.types.OrderReturnState;
import org.opensirelay.contract.types.ReferenceResponse;
import org.opensirelay.contract.types.ReturnProduct;
import org.opensirelay.text.Text;

/**
 * The one mapping between the contract's generated types and the relay's records (as the airline
 * sample's one schema–domain conversion): the items the ERP sends and the relay passes on to the
 * shop, the answers either side gives for them, and what the relay answers the ERP's get requests.
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

    public static ReturnStateItem returnState(OrderReturnState s) {
        return new ReturnStateItem(s.getReturnNumber(), s.getWebReturnNumber(), s.getReturnState());
    }

    public static OrderReturnState toContract(ReturnStateItem s) {
        OrderReturnState item = new OrderReturnState();
        item.setReturnNumber(s.returnNumber());
        item.setWebReturnNumber(s.webReturnNumber());
        item.setReturnState(s.returnState());
        return item;
    }

    /** A shop's answer, entry by entry; no answer at all reads as no entry. */
    public static List<ItemAnswer> answers(ReferenceResponses response) {
        return response == null
                ? List.of()
                : response.getReturn().stream()
                        .map(r -> new ItemAnswer(r.getKey(), r.getCode(), r.getMessage()))
                        .toList();
    }

    public static ReferenceResponses toContract(List<ItemAnswer> answers) {
        ReferenceResponses response = new ReferenceResponses();
        for (ItemAnswer answer : answers) {
            ReferenceResponse entry = new ReferenceResponse();
            entry.setKey(answer.key());
            entry.setCode(answer.code());
            entry.setMessage(answer.message());
            response.getReturn().add(entry);
        }
        return response;
    }

    /** Text stored before control characters were refused at the way in must not break the answer. */
    public static OrderReturn toContract(ErpReturn found) {
        OrderReturn entry = new OrderReturn();
        entry.setOrderNumber(found.orderNumber());
        entry.setReturnNumber(found.returnNumber());
        entry.setValid(found.valid());
        entry.setType(Text.xmlSafe(found.type()));
        entry.setComments(Text.xmlSafe(found.comments()));
        for (ErpReturn.Product line : found.products()) {
            ReturnProduct product = new ReturnProduct();
            product.setReference(line.reference());
            product.setQuantity(line.quantity());
            entry.getProduct().add(product);
        }
        return entry;
    }

    /**
     * The contract's amounts are doubles: each is the decimal the relay keeps, converted once (never
     * a sum of doubles), so it reads to the cent. Shipping and discount are not credited.
     */
    public static CreditNote toContract(ErpCreditNote note) {
        CreditNote entry = new CreditNote();
        entry.setOrderNumber(note.orderNumber());
        entry.setCreditNoteNumber(note.number());
        entry.setIncludedTaxEdition(false);
        entry.setShipping(0);
        entry.setVATRateShipping(0);
        entry.setDiscountAmount(0);
        entry.setValid(note.valid());
        for (ErpCreditNote.Product line : note.products()) {
            CreditNoteProduct product = new CreditNoteProduct();
            product.setReference(line.reference());
            product.setName(Text.xmlSafe(line.name()));
            product.setQuantity(line.quantity());
            product.setUnitPrice(line.unitPrice().doubleValue());
            product.setVATRate(line.vatRate().doubleValue());
            entry.getProduct().add(product);
        }
        return entry;
    }
}
