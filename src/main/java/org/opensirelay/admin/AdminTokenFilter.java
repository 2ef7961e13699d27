package org.opensirelay.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets through to the admin API and to the actuator endpoints (metrics) only calls bearing the admin
 * token; with no token configured, none. Health stays public: load balancers and orchestrators
 * probe it without credentials.
 */
final class AdminTokenFilter extends OncePerRequestFilter {

    private final byte[] token;
    private final String actuator;

    AdminTokenFilter(String token, String actuatorBasePath) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.actuator = actuatorBasePath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // /api/v1 (orders and returns) has its own filter: website tokens open it too.
        boolean guarded = (path.startsWith("/api/") && !path.startsWith("/api/v1/")) || path.equals("/api") || path.startsWith(actuator);
        boolean health = path.equals(actuator + "/health") || path.startsWith(actuator + "/health/");
        return !guarded || health;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token == null) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "The admin API is disabled: set relay.admin.token to enable it");
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        byte[] presented = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, presented)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Send the admin token as 'Authorization: Bearer <token>'");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + (status == 401 ? "Unauthorized" : "Forbidden")
                + "\",\"status\":" + status + ",\"code\":\"" + (status == 401 ? "UNAUTHORIZED" : "ADMIN_API_DISABLED")
                + "\",\"detail\":\"" + message + "\"}");
    }
}
