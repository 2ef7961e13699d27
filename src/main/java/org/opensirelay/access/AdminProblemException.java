package org.opensirelay.access;

/**
 * A refused call of an operator's API (admin, backups, webhooks), answered as application/problem+json
 * with a stable code by {@link AdminProblems}, whichever controller threw it.
 */
public final class AdminProblemException extends RuntimeException {

    private final int status;
    private final String code;

    public AdminProblemException(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
