package org.opensirelay.console;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The console's language: French or English. The browser's Accept-Language chooses (its first of
 * the two it names; English for any other language), until the reader picks one with the header's
 * FR | EN switch ({@code ?lang=fr}), which a cookie then remembers. Outside the console the request's
 * locale stays the browser's, as before.
 */
final class ConsoleLanguage {

    static final String PARAMETER = "lang";
    static final String COOKIE = "console-lang";
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.FRENCH);

    private ConsoleLanguage() {}

    static boolean onConsole(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/console") || path.startsWith("/console/");
    }

    /** The language of one of the console's languages that {@code tag} names ("fr-FR", "en"), if any. */
    static Optional<Locale> supported(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag.trim().replace('_', '-')).getLanguage();
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
    }

    /** Without the cookie: the first of French or English in the browser's Accept-Language (in its order), else English. */
    static Locale fromBrowser(HttpServletRequest request) {
        if (!onConsole(request)) {
            return request.getLocale();
        }
        if (request.getHeader("Accept-Language") == null) {
            // request.getLocales() would then answer the server's own locale: not the reader's.
            return Locale.ENGLISH;
        }
        for (Locale locale : Collections.list(request.getLocales())) {
            Optional<Locale> known = supported(locale.toLanguageTag());
            if (known.isPresent()) {
                return known.get();
            }
        }
        return Locale.ENGLISH;
    }

    /** {@code ?lang=fr} or {@code ?lang=en} on any console page switches its language (kept in the cookie); others are ignored. */
    static final class Switch implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            // The DispatcherServlet's own resolver, as Spring's LocaleChangeInterceptor finds it.
            LocaleResolver resolver = RequestContextUtils.getLocaleResolver(request);
            if (resolver != null) {
                supported(request.getParameter(PARAMETER))
                        .ifPresent(locale -> resolver.setLocale(request, response, locale));
            }
            return true;
        }
    }
}
