package org.opensirelay.access;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path an access rule must judge: the one Spring routes to a controller, not the raw request
 * URI. {@code /%61pi/websites} and {@code /api;x=1/websites} both reach {@code /api/websites}, so a
 * rule that compared raw text let them through. Here each segment is percent-decoded and loses its
 * {@code ;parameters}, dot segments are resolved and empty segments dropped: a path is judged as
 * the most lenient router would read it, so that no spelling reaches a controller unguarded.
 */
public final class RequestPaths {

    private RequestPaths() {}

    /** Where a request keeps its routed path: every filter in front of it asks, and the path does not change. */
    private static final String ROUTED = RequestPaths.class.getName() + ".routed";

    /** The request's path inside the application, as the router reads it (worked out once per request). */
    public static String routed(HttpServletRequest request) {
        if (request.getAttribute(ROUTED) instanceof String routed) {
            return routed;
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String routed = normalise(context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri);
        request.setAttribute(ROUTED, routed);
        return routed;
    }

    /** {@code rawPath} decoded and normalised (see the class comment); always starts with '/'. */
    public static String normalise(String rawPath) {
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : rawPath.split("/")) {
            int parameters = raw.indexOf(';');
            String segment = decode(parameters >= 0 ? raw.substring(0, parameters) : raw);
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        return "/" + String.join("/", segments);
    }

    /** Whether {@code path} is {@code prefix} itself or below it. */
    public static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            // '+' is a plus in a path, not a space.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // Tomcat refuses such a URI before any filter; kept as written, it matches no rule's exemption.
            return segment;
        }
    }
}
