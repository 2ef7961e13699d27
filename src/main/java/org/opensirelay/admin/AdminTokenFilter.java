package org.opensirelay.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.opensirelay.access.AdminToken;
import org.opensirelay.access.BearerToken;
import org.opensirelay.access.CredentialThrottle;
import org.opensirelay.access.ProblemResponses;
import org.opensirelay.access.RequestPaths;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets through to the admin API and to the actuator endpoints (metrics) only calls bearing the admin
 * token; with no token configured, none. Health stays public: load balancers and orchestrators
 * probe it without credentials. Which calls are guarded is decided on the path as Spring routes it
 * ({@link RequestPaths}), never on the raw URI, and failed tokens count in the shared throttle.
 */
final class AdminTokenFilter extends OncePerRequestFilter {

    private final AdminToken tokens;
    private final String actuator;
    private final CredentialThrottle throttle;

    AdminTokenFilter(AdminToken tokens, String actuatorBasePath, CredentialThrottle throttle) {
        this.tokens = tokens;
        this.actuator = actuatorBasePath;
        this.throttle = throttle;
    }

    /** Whether the admin token guards {@code path} (a routed path): /api but /api/v1, the actuator but health. */
    boolean guards(String path) {
        // /api/v1 (orders and returns) has its own filter: website tokens open it too.
        boolean api = RequestPaths.under(path, "/api") && !RequestPaths.under(path, "/api/v1");
        boolean health = RequestPaths.under(path, actuator + "/health");
        return api || (RequestPaths.under(path, actuator) && !health);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !guards(RequestPaths.routed(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!tokens.isSet()) {
            refuse(
                    response,
                    HttpStatus.FORBIDDEN,
                    "ADMIN_API_DISABLED",
                    "The admin API is disabled: set relay.admin.token to enable it");
            return;
        }
        String bucket = "admin " + request.getRemoteAddr();
        Duration locked = throttle.lockedFor(bucket);
        if (locked != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, locked.toSeconds())));
            refuse(
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "TOO_MANY_FAILURES",
                    "Too many failed admin tokens from " + request.getRemoteAddr() + ": try again in "
                            + Math.max(1, locked.toSeconds()) + " s");
            return;
        }
        String presented = BearerToken.presented(request);
        Optional<String> operator = tokens.nameOf(presented);
        if (operator.isEmpty()) {
            if (presented != null) {
                throttle.failed(bucket);
            }
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            refuse(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "UNAUTHORIZED",
                    "Send the admin token as 'Authorization: Bearer <token>'");
            return;
        }
        request.setAttribute(AdminToken.OPERATOR, operator.get());
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, HttpStatus status, String code, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        ProblemResponses.write(response, problem);
    }
}
