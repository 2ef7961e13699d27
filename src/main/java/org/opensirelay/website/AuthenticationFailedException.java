package org.opensirelay.website;

/**
 * The header key does not open the requested website. The reason is for the audit and the
 * operator only: callers all get the same answer, so that a wrong guess teaches nothing.
 */
public final class AuthenticationFailedException extends Exception {

    /** Why authentication failed. */
    public enum Reason {
        UNKNOWN_WEBSITE,
        WRONG_KEY,
        KEY_OF_ANOTHER_WEBSITE,
        USERNAME_TOKEN_REQUIRED,
        USERNAME_TOKEN_OF_ANOTHER_USER,
        /** The credentials are right, and an operator has disabled the website: only then is it said. */
        WEBSITE_DISABLED
    }

    private final Reason reason;

    AuthenticationFailedException(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
