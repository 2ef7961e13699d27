package org.opensirelay.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/** Lets through only calls bearing the admin token; with no token configured, none. */
final class AdminTokenInterceptor implements HandlerInterceptor {

    private final byte[] token;

    AdminTokenInterceptor(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (token == null) {
            return refuse(response, HttpServletResponse.SC_FORBIDDEN, "The admin API is disabled: set relay.admin.token to enable it");
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        byte[] presented = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, presented)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Send the admin token as 'Authorization: Bearer <token>'");
        }
        return true;
    }

    private static boolean refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"" + message + "\"}");
        return false;
    }
}
