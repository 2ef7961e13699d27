package org.opensirelay.text;

/** Text made fit for a log line, an audit column or a message quoted back to a caller. */
public final class Text {

    private static final String ELLIPSIS = "…";

    private Text() {}

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

    /**
     * The first character of {@code value} that XML 1.0 cannot carry (C0 controls but tab, line feed
     * and carriage return; U+FFFE, U+FFFF; a lone surrogate), as its index, or -1 when there is none.
     * Text with one would make every SOAP answer it appears in not well-formed.
     */
    public static int firstNonXmlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    || c == 0xFFFE
                    || c == 0xFFFF
                    || Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code value} with every character XML 1.0 cannot carry replaced by U+FFFD; null stays null. */
    public static String xmlSafe(String value) {
        if (value == null || firstNonXmlCharacter(value) < 0) {
            return value;
        }
        StringBuilder safe = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            int at = firstNonXmlCharacter(value.substring(i, Math.min(value.length(), i + 2)));
            if (at == 0) {
                safe.append('\uFFFD');
            } else {
                safe.append(value.charAt(i));
                if (Character.isHighSurrogate(value.charAt(i)) && i + 1 < value.length()) {
                    safe.append(value.charAt(++i));
                }
            }
        }
        return safe.toString();
    }

    /** {@code value} with every control character (line breaks, tabs, NUL…) shown as '?', safe for one log line. */
    public static String printable(String value) {
        return value == null ? null : value.replaceAll("\\p{Cntrl}", "?");
    }
}
