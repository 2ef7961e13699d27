package org.opensirelay.returns.api;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.opensirelay.access.AdminToken;
import org.opensirelay.access.BearerToken;
import org.opensirelay.access.CredentialThrottle;
import org.opensirelay.access.RequestPaths;
import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.Side;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteAuthenticator;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call Google's paths ({@code /content/v2.1/{merchantId}/…}): the website's API token where
 * Google's clients put their OAuth access token ({@code Authorization: Bearer}), or the admin token.
 * The merchant id names the website ({@code google.merchant-id}); a token opens only its own
 * website's merchant id. Refusals are in Google's error shape; wrong tokens count in the shared
 * throttle, as on {@code /api/v1}.
 */
final class GoogleAccessFilter extends OncePerRequestFilter {

    static final String PREFIX = "/content/v2.1";
    private static final Pattern MERCHANT_PATH = Pattern.compile("^/content/v2\\.1/([^/]+)(/.*)?$");

    private final AdminToken admin;
    private final WebsiteRegistry websites;
    private final WebsiteAuthenticator authenticator;
    private final CredentialThrottle throttle;

    GoogleAccessFilter(
            AdminToken admin,
            WebsiteRegistry websites,
            WebsiteAuthenticator authenticator,
            CredentialThrottle throttle) {
        this.admin = admin;
        this.websites = websites;
        this.authenticator = authenticator;
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.under(RequestPaths.routed(request), PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The same bucket as /api/v1: one realm, the website API, whichever shape it is called in.
        String bucket = "api " + request.getRemoteAddr();
        Duration locked = throttle.lockedFor(bucket);
        if (locked != null) {
            long seconds = Math.max(1, locked.toSeconds());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            refuse(
                    response,
                    429,
                    "too many failed tokens from " + request.getRemoteAddr() + ": try again in " + seconds + " s");
            return;
        }
        String token = BearerToken.presented(request);
        if (token == null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            refuse(
                    response,
                    401,
                    "Request is missing required authentication credential: send the website's API token"
                            + " where Google's client sends its OAuth access token (Authorization: Bearer)");
            return;
        }
        boolean operator = admin.nameOf(token).isPresent();
        Optional<String> owner = operator ? Optional.empty() : authenticator.apiTokenOwner(token);
        if (!operator && owner.isEmpty()) {
            throttle.failed(bucket);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            refuse(response, 401, "Invalid Credentials: the token opens nothing here");
            return;
        }
        Matcher path = MERCHANT_PATH.matcher(RequestPaths.routed(request));
        if (path.matches()) {
            String merchantId = path.group(1);
            Optional<Website> website = websites.websiteOfMerchant(merchantId);
            if (website.isEmpty()) {
                refuse(
                        response,
                        404,
                        "no website has merchant id " + printable(merchantId)
                                + " (a website's google.merchant-id names it)");
                return;
            }
            if (!operator && !authenticator.isApiToken(website.get().code(), token)) {
                refuse(
                        response,
                        403,
                        "User cannot access account " + printable(merchantId)
                                + ": this token is another website's, and a website's token opens only its own");
                return;
            }
        }
        request.setAttribute(ReturnsApi.SIDE, operator ? Side.OPERATOR : Side.SHOP);
        chain.doFilter(request, response);
    }

    /** A path segment as it may go into a message: digits and letters, anything else shown as '?'. */
    private static String printable(String segment) {
        String shown = segment.length() > 40 ? segment.substring(0, 40) + "…" : segment;
        return shown.replaceAll("[^A-Za-z0-9._-]", "?");
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        GoogleErrors.write(response, status, message, List.of(Problem.of("", "", message)));
    }
}
