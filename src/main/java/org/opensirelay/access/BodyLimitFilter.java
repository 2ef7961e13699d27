package org.opensirelay.access;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Semaphore;

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
 * poller died of an OutOfMemoryError and the relay stopped answering). The body is received by
 * {@link BodyReception}: no thread waits for a slow one, and it has {@code relay.http.body-deadline}
 * to arrive. Form posts are read here too (their fields become the request's parameters); multipart
 * uploads, which the relay does not take, are left to Tomcat.
 */
final class BodyLimitFilter extends OncePerRequestFilter {

    /** The share of the in-flight budget a request holds, while its body is received asynchronously. */
    private static final String SHARE = BodyLimitFilter.class.getName() + ".share";

    private static final BodyReception.Refusals PROBLEMS = new BodyReception.Refusals() {
        @Override
        public void tooLarge(HttpServletResponse response, String detail) throws IOException {
            BodyLimitFilter.tooLarge(response, detail);
        }

        @Override
        public void tooSlow(HttpServletResponse response, String detail) throws IOException {
            problem(response, HttpStatus.REQUEST_TIMEOUT, "REQUEST_TIMEOUT", detail);
        }

        @Override
        public void busy(HttpServletResponse response, String detail) throws IOException {
            problem(response, HttpStatus.SERVICE_UNAVAILABLE, "BUSY", detail);
        }
    };

    private final long maxBodyBytes;
    private final Semaphore inFlight;
    private final String soapPath;
    private final BodyReception reception;

    BodyLimitFilter(HttpLimits limits, String soapPath, BodyReception reception) {
        this.maxBodyBytes = limits.maxBodyBytes();
        this.inFlight = new Semaphore((int) limits.maxBodyBytesInFlight(), true);
        this.soapPath = soapPath;
        this.reception = reception;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        return RequestPaths.under(RequestPaths.routed(request), soapPath) || type.startsWith("multipart/");
    }

    /** The body received without a thread comes back on an async dispatch. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] arrived = BodyReception.received(request);
        if (arrived != null) {
            int share = request.getAttribute(SHARE) instanceof Integer held ? held : 0;
            try {
                chain.doFilter(BoundedBody.replay(request, arrived), response);
            } finally {
                inFlight.release(share);
            }
            return;
        }
        long declared = request.getContentLengthLong();
        if (isAsyncDispatch(request)
                || declared == 0
                || (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null)) {
            chain.doFilter(request, response);
            return;
        }
        if (declared > maxBodyBytes) {
            tooLarge(
                    response, "The request body has " + declared + " bytes; at most " + maxBodyBytes + " are accepted");
            return;
        }
        int share = (int) (declared > 0 ? declared : maxBodyBytes);
        // No thread waits for budget: a caller holding it with stalled bodies would make every other body wait.
        if (!inFlight.tryAcquire(share)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            problem(
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "BUSY",
                    "The relay is reading as many request bodies as it holds at once (relay.http.max-body-bytes-in-flight): try again");
            return;
        }
        request.setAttribute(SHARE, share);
        byte[] body;
        try {
            body = reception.receive(request, response, maxBodyBytes, PROBLEMS, () -> inFlight.release(share));
        } catch (IOException | RuntimeException e) {
            inFlight.release(share);
            throw e;
        }
        if (body == null) {
            if (!request.isAsyncStarted()) {
                // refused at once
                inFlight.release(share);
            }
            return;
        }
        try {
            chain.doFilter(BoundedBody.replay(request, body), response);
        } finally {
            inFlight.release(share);
        }
    }

    private static void tooLarge(HttpServletResponse response, String detail) throws IOException {
        // Whatever is left of the body is not read: the connection closes after this answer.
        response.setHeader(HttpHeaders.CONNECTION, "close");
        problem(response, HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE", detail + " (relay.http.max-body-bytes)");
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String code, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        ProblemResponses.write(response, problem);
    }
}
