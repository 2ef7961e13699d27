package org.opensirelay.text;

/** Text made fit for a log line, an audit column or a message quoted back to a caller. */
public final class Text {

    private static final String ELLIPSIS = "…";

    private Text() {
    }

    /**
     * {@code value} if it has at most {@code max} characters, else its first {@code max - 1}
     * characters and an ellipsis: never longer than {@code max} (a column's size), never a
     * surrogate pair cut in two. Null stays null.
     */
    public static String abbreviate(String value, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + ELLIPSIS;
    }

    /** {@code value} with every control character (line breaks, tabs, NUL…) shown as '?', safe for one log line. */
    public static String printable(String value) {
        return value == null ? null : value.replaceAll("\\p{Cntrl}", "?");
    }
}
