package org.opensirelay.website;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * An address the relay calls, as an operator gives it (a shop's connector): a parsed {@code http} or
 * {@code https} URI with a host, taken as written. It is data, never a template: a {@code ${...}}
 * in it is refused, not resolved, so that no URL can read the relay's settings (its keys, the admin
 * token) and carry them to a shop, a page or a log line. The same rule on every path: the
 * configuration at start, the admin API, the console.
 */
final class HttpUrl {

    public static final int MAX_LENGTH = 2000;

    /** The rule in words, as problems say it. */
    public static final String RULE =
            "an absolute http:// or https:// URL with a host, written out in full (no ${...} placeholder, no user"
                    + " or password, other than ASCII characters percent-encoded, at most " + MAX_LENGTH
                    + " characters)";

    private HttpUrl() {}

    /** The URI {@code url} is, if it keeps the rule. */
    public static Optional<URI> parse(String url) {
        return why(url).isPresent() ? Optional.empty() : Optional.of(URI.create(url));
    }

    /** Whether {@code uri} is one the relay calls: http or https, with a host, without a user. */
    public static boolean isCallable(URI uri) {
        return uri != null
                && uri.isAbsolute()
                && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null
                && uri.getRawUserInfo() == null
                && uri.getPort() <= 65535;
    }

    /** The problem of {@code url} at setting {@code at} (e.g. {@code website.shop.url}), if it breaks the rule. */
    public static Optional<String> problem(String at, String url) {
        return why(url).map(why -> at + " must be " + RULE + ": " + why);
    }

    /** Why {@code url} breaks the rule, in a few words (never the URL itself, which may hold anything). */
    static Optional<String> why(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.of("there is none");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("it has " + url.length() + " characters");
        }
        if (url.contains("${")) {
            return Optional.of("it holds a placeholder '${', which the relay never resolves in a URL: write the"
                    + " address itself");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.of("character " + (i + 1) + " is " + WebsiteCode.printable(String.valueOf(c))
                        + " (a space, a control or a non-ASCII character)");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("it is not a URL (" + e.getReason() + " at character " + (e.getIndex() + 1) + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            return Optional.of("it does not start with http:// or https://");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("it is a " + WebsiteCode.printable(scheme) + ": URL");
        }
        if (uri.getHost() == null) {
            return Optional.of("it names no host (or one that is not a host name)");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("it holds a user or password, which would be shown wherever the URL is: the"
                    + " shop's key goes in its own setting");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("its port " + uri.getPort() + " is not one of 1 to 65535");
        }
        return Optional.empty();
    }
}
