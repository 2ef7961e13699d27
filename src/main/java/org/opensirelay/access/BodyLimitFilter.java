package org.opensirelay.access;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body outside SOAP (whose guard has its own limit): a declared length over
 * {@code relay.http.max-body-bytes} is refused before a byte is read, a chunked body is read up to
 * the limit and no further, and all bodies held at once share {@code max-body-bytes-in-flight}, so
 * that a few huge or many large bodies cannot exhaust the heap (three 161 MB bodies did: Tomcat's
 * poller died of an OutOfMemoryError and the relay stopped answering). Form posts are left to
 * Tomcat, which bounds them itself ({@code server.tomcat.max-http-form-post-size}).
 */
final class BodyLimitFilter extends OncePerRequestFilter {

    /** How long a body waits for its share of the in-flight budget before the caller is told to come back. */
    private static final long BUDGET_WAIT_MS = 2000;

    private final long maxBodyBytes;
    private final Semaphore inFlight;
    private final String soapPath;

    BodyLimitFilter(HttpLimits limits, String soapPath) {
        this.maxBodyBytes = limits.maxBodyBytes();
        this.inFlight = new Semaphore((int) limits.maxBodyBytesInFlight(), true);
        this.soapPath = soapPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        return RequestPaths.under(RequestPaths.routed(request), soapPath)
                || type.startsWith("application/x-www-form-urlencoded")
                || type.startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared == 0 || (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null)) {
            chain.doFilter(request, response);
            return;
        }
        if (declared > maxBodyBytes) {
            tooLarge(
                    response, "The request body has " + declared + " bytes; at most " + maxBodyBytes + " are accepted");
            return;
        }
        int share = (int) (declared > 0 ? declared : maxBodyBytes);
        boolean granted;
        try {
            granted = inFlight.tryAcquire(share, BUDGET_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            granted = false;
        }
        if (!granted) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            ProblemDetail busy = ProblemDetail.forStatusAndDetail(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The relay is reading as many request bodies as it holds at once (relay.http.max-body-bytes-in-flight): try again");
            busy.setProperty("code", "BUSY");
            ProblemResponses.write(response, busy);
            return;
        }
        try {
            byte[] body = BoundedBody.readAtMost(request.getInputStream(), maxBodyBytes, declared);
            if (body == null) {
                tooLarge(response, "The request body is longer than " + maxBodyBytes + " bytes");
                return;
            }
            chain.doFilter(BoundedBody.replay(request, body), response);
        } finally {
            inFlight.release(share);
        }
    }

    private static void tooLarge(HttpServletResponse response, String detail) throws IOException {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, detail + " (relay.http.max-body-bytes)");
        problem.setProperty("code", "BODY_TOO_LARGE");
        // Whatever is left of the body is not read: the connection closes after this answer.
        response.setHeader(HttpHeaders.CONNECTION, "close");
        ProblemResponses.write(response, problem);
    }
}
