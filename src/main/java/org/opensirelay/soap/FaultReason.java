package org.opensirelay.soap;

/** Stable reason codes of the faults this relay sends, in {@code fault/reason}: every one is here. */
public enum FaultReason {
    /** Not a SOAP request: the Content-Type is neither text/xml nor application/soap+xml (HTTP 415). */
    UNSUPPORTED_MEDIA_TYPE,
    /** A POST without a body (HTTP 400). */
    EMPTY_BODY,
    /** A body over relay.xml.max-body-bytes (HTTP 413). */
    BODY_TOO_LARGE,
    /** A body that did not arrive whole within relay.http.body-deadline (HTTP 408; the connection is closed). */
    REQUEST_TIMEOUT,
    /** No {@code Header/key} in the SOAP header, or an empty one. */
    MISSING_KEY,
    /** A set* request without {@code Website_Code}. */
    MISSING_WEBSITE_CODE,
    /** The key does not open the website (unknown website, wrong key, another website's key). */
    AUTHENTICATION_FAILED,
    /** The credentials are right and an operator has disabled the website: nothing is stored until it is enabled again. */
    WEBSITE_DISABLED,
    /** The request breaks the contract's schema; every violation is listed. */
    INVALID_REQUEST,
    /** The body holds no request element of this contract (also: a GET that is not ?wsdl or ?xsd=, HTTP 405). */
    UNKNOWN_OPERATION,
    /** The body is not well-formed XML, not UTF-8, or holds a DTD or entities. */
    MALFORMED_XML,
    /** The request exceeds one of the relay.xml limits (depth, element count, text length, ...). */
    XML_LIMIT_EXCEEDED,
    /** WS-Security refused the request's UsernameToken: wrong password, replayed nonce, expired. */
    WS_SECURITY,
    /** Too many failed authentications from this client address: it must wait. */
    TOO_MANY_FAILURES,
    /** Our side failed; nothing of the request was stored and it can be sent again. */
    INTERNAL_ERROR,
    /** An operation the relay passes through, for a website without a shop connector or with pass-through off. */
    PASS_THROUGH_OFF,
    /** An operation the website's allow or deny list does not let through. */
    OPERATION_NOT_ALLOWED,
    /** The shop's connector could not be reached (refused, unknown host, reset before it answered). */
    SHOP_UNREACHABLE,
    /** The shop's connector did not answer within the website's read timeout. */
    SHOP_TIMEOUT,
    /** The shop's answer is over relay.pass-through.max-answer-bytes. */
    SHOP_ANSWER_TOO_LARGE,
    /**
     * The relay cannot take the request now (HTTP 503, Retry-After): every pass-through slot is taken, in all
     * (relay.pass-through.max-concurrent) or for the website (max-concurrent-per-website), or the client's address
     * has as many slow bodies arriving as it may (relay.http.max-slow-bodies-per-address). Send it again shortly.
     */
    BUSY
}
