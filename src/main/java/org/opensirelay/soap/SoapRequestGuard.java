package org.opensirelay.soap;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.opensirelay.access.BoundedBody;
import org.opensirelay.text.Text;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the SOAP endpoints: refuses, with an HTTP 4xx and a SOAP fault naming the problem,
 * what is not a SOAP request at all — another method than POST (or GET for ?wsdl / ?xsd=), a content
 * type other than XML, an empty body, a body over {@code relay.xml.max-body-bytes} — before any XML
 * parser sees it. The body is read here, bounded,
 * so that an endless chunked upload stops at the limit too.
 */
final class SoapRequestGuard extends OncePerRequestFilter {

    /** How much of a caller's header value is quoted back. */
    private static final int QUOTED_MAX = 61;

    private final long maxBodyBytes;

    SoapRequestGuard(XmlLimits limits) {
        this.maxBodyBytes = limits.maxBodyBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
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
        if (request.getContentLengthLong() > maxBodyBytes) {
            refuse(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    FaultReason.BODY_TOO_LARGE,
                    "The request body has " + request.getContentLengthLong() + " bytes; at most " + maxBodyBytes
                            + " are accepted");
            return;
        }
        byte[] body = BoundedBody.readAtMost(request.getInputStream(), maxBodyBytes, request.getContentLengthLong());
        if (body == null) {
            refuse(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    FaultReason.BODY_TOO_LARGE,
                    "The request body is longer than " + maxBodyBytes + " bytes");
            return;
        }
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
