package org.opensirelay.database;

/**
 * The relay cannot start with the key it has: what the database holds was sealed or signed with
 * another one, or with one that is missing. Said in a short start-up paragraph
 * ({@link KeyFailureAnalyzer}), naming the file to restore or the setting that differs.
 */
class KeyMismatchException extends RuntimeException {

    private final String action;

    KeyMismatchException(String description, String action) {
        super(description, null, false, false);
        this.action = action;
    }

    /** What the operator does about it. */
    public String action() {
        return action;
    }
}
