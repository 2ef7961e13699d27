package org.opensirelay.admin;

/** A refused admin API call, answered as application/problem+json with a stable code. */
final class AdminProblemException extends RuntimeException {

    private final int status;
    private final String code;

    AdminProblemException(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
