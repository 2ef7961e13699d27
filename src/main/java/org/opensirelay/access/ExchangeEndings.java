package org.opensirelay.access;

import java.io.IOException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.ClientAbortException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * How an exchange ends when it cannot end cleanly; in front of the relay's other filters.
 * <ul>
 *   <li>A request answered without its body being read (refused before it was, or sent a body nothing
 *       asked for): its connection is closed after the answer. Tomcat would otherwise read the rest of
 *       the body on the request's thread before taking the next request, and a client dripping that
 *       body would hold the thread for as long as it liked.
 *   <li>An answer already under way that must be broken off ({@link #breakOff}): the connection is
 *       closed without the end that would make it look whole (no last chunk, or fewer bytes than its
 *       Content-Length), so that the client sees a broken answer, never a short one that looks complete.
 * </ul>
 */
public final class ExchangeEndings extends OncePerRequestFilter {

    private static final String BROKEN_OFF = ExchangeEndings.class.getName() + ".brokenOff";

    /**
     * Ends the async exchange of {@code async}, whose answer is committed, by closing its connection
     * as it stands (callable from any thread; the async cycle ends with it).
     */
    public static void breakOff(AsyncContext async, String why) {
        async.getRequest().setAttribute(BROKEN_OFF, why);
        async.dispatch();
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAsyncDispatch(request)) {
            if (request.getAttribute(BROKEN_OFF) instanceof String why) {
                request.removeAttribute(BROKEN_OFF);
                // An error after a committed answer makes Tomcat close the connection at once (no error page);
                // a client abort is the error it does not log as the application's failure.
                throw new ClientAbortException("answer broken off: " + why);
            }
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(request, response);
        if (!request.isAsyncStarted() && !response.isCommitted() && bodyLeftUnread(request)) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
            try {
                // Ended as an async exchange, on a connection the answer says is closing, the request is not read
                // any further: Tomcat waits for the rest of a body only on a connection it keeps.
                request.startAsync().complete();
            } catch (IllegalStateException notAsync) {
                // A servlet that does not support async: Tomcat reads the rest of the body, as it always did.
            }
        }
    }

    private static boolean bodyLeftUnread(HttpServletRequest request) {
        try {
            return !request.getInputStream().isFinished();
        } catch (IllegalStateException readAsText) {
            // getReader() was used: the body was read.
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
