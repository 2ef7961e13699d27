package org.opensirelay.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What every console page's frame needs from the request it answers: its times in the reader's zone
 * ({@link ConsoleTimes}), the session's CSRF token for its forms, and the FR | EN switch's links,
 * each the same page with the same query (a search, a page number, a tab) in the other language.
 */
final class ConsolePageModel implements HandlerInterceptor {

    @Override
    public void postHandle(
            HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView page) {
        if (page == null || page.getViewName() == null || page.getViewName().startsWith("redirect:")) {
            return;
        }
        page.getModel().putIfAbsent("times", ConsoleTimes.of(request));
        // The session's CSRF token, for the forms every signed-in page has (sign out, at least).
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(ConsoleAccessFilter.CSRF) != null) {
            page.addObject("csrf", session.getAttribute(ConsoleAccessFilter.CSRF));
            page.addObject("csrfField", ConsoleAccessFilter.CSRF_FIELD);
        }
        page.addObject("langFr", inLanguage(request.getQueryString(), "fr"));
        page.addObject("langEn", inLanguage(request.getQueryString(), "en"));
    }

    /** {@code ?query} with its {@code lang} made {@code language}: the query string stays as it was sent, escapes and all. */
    static String inLanguage(String query, String language) {
        return UriComponentsBuilder.newInstance()
                .query(query)
                .replaceQueryParam(ConsoleLanguage.PARAMETER, language)
                .build(true)
                .toUriString();
    }
}
