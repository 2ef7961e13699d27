package org.opensirelay.website;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a website code may be: a short identifier, the same rule wherever a code comes from (the
 * configuration, the admin API, the console). A code is written into log lines, paths of the admin
 * API and the console, job names and metric tags: a control character forges log lines, a slash or
 * {@code ..} makes the website unreachable through the API, a bidirectional override makes a page
 * lie. 64 characters is what the README has always documented and what the {@code website.code}
 * column holds; the contract's {@code Website_Code} states no limit.
 */
final class WebsiteCode {

    public static final int MAX_LENGTH = 64;

    /** The rule in words, as problems and warnings say it. */
    public static final String RULE =
            "1 to " + MAX_LENGTH + " characters among A-Z, a-z, 0-9, '.', '_' and '-', and not '.' or '..'";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private WebsiteCode() {}

    public static boolean isValid(String code) {
        return code != null && IDENTIFIER.matcher(code).matches() && !code.equals(".") && !code.equals("..");
    }

    /** The problem of {@code code} at setting {@code at} (e.g. {@code website.code}), if it breaks the rule. */
    public static Optional<String> problem(String at, String code) {
        if (code == null || code.isEmpty()) {
            return Optional.of(at + " is missing: " + RULE);
        }
        return isValid(code) ? Optional.empty() : Optional.of(at + " '" + printable(code) + "' must be " + RULE);
    }

    /**
     * {@code text} safe to write into a log line or a message: printable ASCII as it is, every other
     * character (control, non-ASCII, bidirectional formatting) as {@code \\uXXXX}, and cut after 100.
     */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown++ == 100) {
                return out.append("...(")
                        .append(text.length())
                        .append(" characters)")
                        .toString();
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.toString();
    }
}
