package org.opensirelay.soap;

/** Stable reason codes of the faults this relay sends, in {@code fault/reason}. */
enum FaultReason {
    /** No {@code Header/key} in the SOAP header, or an empty one. */
    MISSING_KEY,
    /** A set* request without {@code Website_Code}. */
    MISSING_WEBSITE_CODE,
    /** The key does not open the website (unknown website, wrong key, another website's key). */
    AUTHENTICATION_FAILED,
    /** The request breaks the contract's schema; every violation is listed. */
    INVALID_REQUEST,
    /** The body holds no request element of this contract. */
    UNKNOWN_OPERATION,
    /** Our side failed; nothing of the request was stored and it can be sent again. */
    INTERNAL_ERROR
}
