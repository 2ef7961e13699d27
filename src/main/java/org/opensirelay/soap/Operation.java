package org.opensirelay.soap;

import java.util.Arrays;
import java.util.Optional;

/** The operations this relay answers, by the local name of their request element. */
enum Operation {
    SET_ORDER_RETURN_DOCUMENTS("setOrderReturnDocuments", "setOrderReturnDocumentsRequest", "OrderReturnDocument"),
    SET_COMMENTS("setComments", "setCommentsRequest", "Comment"),
    GET_VERSION("getVersion", "getVersionRequest", null),
    GET_DATETIME("getDatetime", "getDatetimeRequest", null);

    private final String operationName;
    private final String requestElement;
    private final String itemElement;

    Operation(String operationName, String requestElement, String itemElement) {
        this.operationName = operationName;
        this.requestElement = requestElement;
        this.itemElement = itemElement;
    }

    static Optional<Operation> byRequestElement(String namespace, String localName) {
        if (!OpensiContract.NS.equals(namespace)) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(o -> o.requestElement.equals(localName)).findFirst();
    }

    String operationName() {
        return operationName;
    }

    /** Whether the request names a website (and carries items for it). */
    boolean isWebsiteScoped() {
        return itemElement != null;
    }

    /** Local name of the repeated item element, or null. */
    String itemElement() {
        return itemElement;
    }
}
