package org.opensirelay.soap;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.opensirelay.access.BodyReception;
import org.opensirelay.access.BoundedBody;
import org.opensirelay.text.Text;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the SOAP endpoints: refuses, with an HTTP 4xx and a SOAP fault naming the problem,
 * what is not a SOAP request at all — another method than POST (or GET for ?wsdl / ?xsd=), a content
 * type other than XML, an empty body, a body over {@code relay.xml.max-body-bytes} — before any XML
 * parser sees it. The body is received here, once, by {@link BodyReception}: bounded (an endless
 * chunked upload stops at the limit too), within {@code relay.http.body-deadline}, and without a
 * thread waiting for a body that is slow to come; the endpoint and the pass-through read it from
 * memory.
 */
final class SoapRequestGuard extends OncePerRequestFilter {

    /** How much of a caller's header value is quoted back. */
    private static final int QUOTED_MAX = 61;

    private static final BodyReception.Refusals FAULTS = new BodyReception.Refusals() {
        @Override
        public void tooLarge(HttpServletResponse response, String detail) throws IOException {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, FaultReason.BODY_TOO_LARGE, detail);
        }

        @Override
        public void tooSlow(HttpServletResponse response, String detail) throws IOException {
            refuse(response, HttpServletResponse.SC_REQUEST_TIMEOUT, FaultReason.REQUEST_TIMEOUT, detail);
        }

        @Override
        public void busy(HttpServletResponse response, String detail) throws IOException {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, FaultReason.BUSY, detail);
        }
    };

    private final long maxBodyBytes;
    private final BodyReception reception;

    SoapRequestGuard(XmlLimits limits, BodyReception reception) {
        this.maxBodyBytes = limits.maxBodyBytes();
        this.reception = reception;
    }

    /** A body received without a thread comes back on an async dispatch. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] arrived = BodyReception.received(request);
        if (arrived != null) {
            onWith(arrived, request, response, chain);
            return;
        }
        if (isAsyncDispatch(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            String query = request.getQueryString() == null
                    ? ""
                    : request.getQueryString().toLowerCase(Locale.ROOT);
            if ("GET".equalsIgnoreCase(request.getMethod()) && (query.equals("wsdl") || query.startsWith("xsd="))) {
                chain.doFilter(request, response);
            } else {
                response.setHeader("Allow", "POST, GET");
                refuse(
                        response,
                        HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                        FaultReason.UNKNOWN_OPERATION,
                        "Send OpenSi requests as SOAP envelopes with HTTP POST; GET serves only ?wsdl and ?xsd=");
            }
            return;
        }
        String contentType =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean soap11 = contentType.startsWith("text/xml");
        boolean soap12 = contentType.startsWith("application/soap+xml");
        if (!soap11 && !soap12) {
            refuse(
                    response,
                    HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    FaultReason.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2), not '"
                            + printable(request.getContentType()) + "'");
            return;
        }
        byte[] body = reception.receive(request, response, maxBodyBytes, FAULTS, () -> {});
        if (body != null) {
            onWith(body, request, response, chain);
        }
    }

    private static void onWith(byte[] body, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (body.length == 0) {
            refuse(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    FaultReason.EMPTY_BODY,
                    "The request has no body: send a SOAP envelope");
            return;
        }
        chain.doFilter(BoundedBody.replay(request, body), response);
    }

    private static void refuse(HttpServletResponse response, int status, FaultReason reason, String message)
            throws IOException {
        FaultDocument.write(response, false, status, true, reason, message);
    }

    private static String printable(String text) {
        return Text.abbreviate(Text.printable(text == null ? "" : text), QUOTED_MAX);
    }
}
