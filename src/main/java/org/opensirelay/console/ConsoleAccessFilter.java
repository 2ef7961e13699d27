package org.opensirelay.console;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.opensirelay.access.AdminToken;
import org.opensirelay.access.RequestPaths;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may see and act in the console: an operator who signed in with the admin token (a session,
 * cookie HttpOnly and SameSite=Strict, Secure under TLS). Every action (POST) must carry the
 * session's CSRF token, so that no other page can make a signed-in browser act. With no admin token
 * configured the console is closed and says how to open it.
 */
final class ConsoleAccessFilter extends OncePerRequestFilter {

    static final String SIGNED_IN = "relay.console.signedIn";
    static final String CSRF = "relay.console.csrf";
    static final String OPERATOR = "relay.console.operator";
    static final String CSRF_FIELD = "_csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminToken tokens;

    ConsoleAccessFilter(AdminToken tokens) {
        this.tokens = tokens;
    }

    boolean open() {
        return tokens.isSet();
    }

    /** The operator whose token this is, if it is one. */
    Optional<String> operator(String token) {
        return tokens.nameOf(token);
    }

    /** The operator signed in to this session (the name of their token), for the audit. */
    static String operatorOf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object name = session == null ? null : session.getAttribute(OPERATOR);
        return (name == null ? AdminToken.DEFAULT_NAME : name) + " (console)";
    }

    /** Signs the session in: a new session (no fixation) and a new CSRF token. */
    static void signIn(HttpServletRequest request, String operator) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        session.setAttribute(SIGNED_IN, Boolean.TRUE);
        session.setAttribute(OPERATOR, operator);
        session.setAttribute(CSRF, HexFormat.of().formatHex(token));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.under(RequestPaths.routed(request), "/console");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The path as Spring routes it: a raw-URI comparison is fooled by %-escapes and ;parameters.
        String path = RequestPaths.routed(request);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        // Public: the sign-in page, the stylesheet and the charts' script, nothing else (a website code may end in
        // ".css").
        if (path.equals("/console/login")
                || path.equals("/console/console.css")
                || path.equals("/console/charts.js")
                || path.equals("/console/zone.js")) {
            chain.doFilter(request, response);
            return;
        }
        HttpSession session = request.getSession(false);
        boolean signedIn = open() && session != null && Boolean.TRUE.equals(session.getAttribute(SIGNED_IN));
        if (!signedIn) {
            response.sendRedirect(request.getContextPath() + "/console/login");
            return;
        }
        if ("POST".equalsIgnoreCase(request.getMethod())) {
            if (namesCsrfToken(request.getQueryString())) {
                // A token in an address is kept by logs, histories and Referer headers: never taken from there,
                // and the request is refused rather than read around it.
                refuse(
                        response,
                        "Refused: the CSRF token is taken from the form's body or the X-CSRF-Token header, never from"
                                + " the address.");
                return;
            }
            // With no _csrf in the query string, the parameter can only come from the form's body.
            String sent = request.getParameter(CSRF_FIELD);
            if (sent == null) {
                sent = request.getHeader("X-CSRF-Token");
            }
            Object expected = session.getAttribute(CSRF);
            if (sent == null
                    || !(expected instanceof String token)
                    || !MessageDigest.isEqual(
                            token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
                refuse(response, "Refused: this action did not come from a console page of this session (CSRF check).");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String why) throws IOException {
        response.setStatus(403);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(why);
    }

    /** Whether a query string carries a parameter named {@link #CSRF_FIELD}, however its name is escaped. */
    static boolean namesCsrfToken(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String parameter : query.split("&")) {
            String name = parameter.split("=", 2)[0];
            String decoded;
            try {
                decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                decoded = name;
            }
            if (decoded.equals(CSRF_FIELD) || name.equals(CSRF_FIELD)) {
                return true;
            }
        }
        return false;
    }
}
