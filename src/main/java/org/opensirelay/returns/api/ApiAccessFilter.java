package org.opensirelay.returns.api;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.opensirelay.access.AdminToken;
import org.opensirelay.access.BearerToken;
import org.opensirelay.access.CredentialThrottle;
import org.opensirelay.access.ProblemResponses;
import org.opensirelay.access.RequestPaths;
import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.website.WebsiteAuthenticator;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call {@code /api/v1/websites/{code}/…}: the admin token (everything, as an operator), or
 * that website's own API token (as its shop or marketplace connectors). A website's token opens
 * nothing of another website. Tokens are compared as SHA-256 digests in constant time; the path is
 * judged as Spring routes it ({@link RequestPaths}), and wrong tokens count in the shared throttle.
 */
final class ApiAccessFilter extends OncePerRequestFilter {

    private static final Pattern WEBSITE_PATH = Pattern.compile("^/api/v1/websites/([^/]+)(/.*)?$");

    private final AdminToken admin;
    private final WebsiteAuthenticator authenticator;
    private final CredentialThrottle throttle;

    ApiAccessFilter(AdminToken admin, WebsiteAuthenticator authenticator, CredentialThrottle throttle) {
        this.admin = admin;
        this.authenticator = authenticator;
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.under(RequestPaths.routed(request), "/api/v1");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher website = WEBSITE_PATH.matcher(RequestPaths.routed(request));
        String bucket = "api " + request.getRemoteAddr();
        Duration locked = throttle.lockedFor(bucket);
        if (locked != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, locked.toSeconds())));
            refuse(
                    response,
                    429,
                    "TOO_MANY_FAILURES",
                    "Too many failed tokens from " + request.getRemoteAddr() + ": try again in "
                            + Math.max(1, locked.toSeconds()) + " s");
            return;
        }
        String token = BearerToken.presented(request);
        if (token == null) {
            refuse(
                    response,
                    401,
                    "UNAUTHORIZED",
                    "Send the website's API token (or the admin token) as 'Authorization: Bearer <token>'");
            return;
        }
        if (admin.nameOf(token).isPresent()) {
            request.setAttribute(ReturnsApi.SIDE, Side.OPERATOR);
            chain.doFilter(request, response);
            return;
        }
        if (website.matches() && authenticator.isApiToken(website.group(1), token)) {
            request.setAttribute(ReturnsApi.SIDE, Side.SHOP);
            chain.doFilter(request, response);
            return;
        }
        if (authenticator.apiTokenOwner(token).isPresent()) {
            refuse(
                    response,
                    403,
                    "FORBIDDEN",
                    "This token is another website's: a website's token opens only that website");
        } else {
            throttle.failed(bucket);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            refuse(response, 401, "UNAUTHORIZED", "The token opens nothing here");
        }
    }

    private static void refuse(HttpServletResponse response, int status, String code, String detail)
            throws IOException {
        ProblemResponses.write(
                response, ReturnsApi.problem(status, code, detail, List.of(Problem.of(code, "", detail))));
    }
}
