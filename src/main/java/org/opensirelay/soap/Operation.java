package org.opensirelay.soap;

import java.util.Arrays;
import java.util.Optional;

import org.opensirelay.opensi.OpensiContract;

/** The operations this relay answers, by the local name of their request element. */
enum Operation {
    SET_ORDER_RETURN_DOCUMENTS(
            "setOrderReturnDocuments", "setOrderReturnDocumentsRequest", "OrderReturnDocument", WebsiteCode.REQUIRED),
    SET_COMMENTS("setComments", "setCommentsRequest", "Comment", WebsiteCode.REQUIRED),
    SET_ORDER_RETURN_STATES(
            "setOrderReturnStates", "setOrderReturnStatesRequest", "OrderReturnState", WebsiteCode.REQUIRED),
    GET_ORDER_RETURNS("getOrderReturns", "getOrderReturnsRequest", "Order", WebsiteCode.NILLABLE),
    GET_ORDER_CREDIT_NOTES("getOrderCreditNotes", "getOrderCreditNotesRequest", "Order", WebsiteCode.NILLABLE),
    GET_VERSION("getVersion", "getVersionRequest", null, WebsiteCode.NONE),
    GET_DATETIME("getDatetime", "getDatetimeRequest", null, WebsiteCode.NONE);

    /** Whether and how a request names its website. */
    enum WebsiteCode {
        /** The set* shape: {@code Website_Code} in the message namespace, required. */
        REQUIRED,
        /** The "get" shape: {@code Website_Code} in the item namespace, present but nillable (then the key's website). */
        NILLABLE,
        /** None: the key's website. */
        NONE
    }

    private final String operationName;
    private final String requestElement;
    private final String itemElement;
    private final WebsiteCode websiteCode;

    Operation(String operationName, String requestElement, String itemElement, WebsiteCode websiteCode) {
        this.operationName = operationName;
        this.requestElement = requestElement;
        this.itemElement = itemElement;
        this.websiteCode = websiteCode;
    }

    static Optional<Operation> byRequestElement(String namespace, String localName) {
        if (!OpensiContract.NS.equals(namespace)) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(o -> o.requestElement.equals(localName))
                .findFirst();
    }

    String operationName() {
        return operationName;
    }

    WebsiteCode websiteCode() {
        return websiteCode;
    }

    /** The namespace of the request's Website_Code and repeated items. */
    String childNamespace() {
        return websiteCode == WebsiteCode.NILLABLE ? OpensiContract.TYPES_NS : OpensiContract.NS;
    }

    /** Local name of the repeated item element (counted for the audit), or null. */
    String itemElement() {
        return itemElement;
    }
}
