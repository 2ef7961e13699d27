package org.opensirelay.access;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/** The one reading of {@code Authorization: Bearer <token>} for every filter that checks a token. */
public final class BearerToken {

    private static final String SCHEME = "bearer ";

    private BearerToken() {}

    /** The token the request presents, or null when it presents none (the scheme is case-insensitive, RFC 6750). */
    public static String presented(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(SCHEME)) {
            return null;
        }
        String token = header.substring(SCHEME.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
