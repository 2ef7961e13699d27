package org.opensirelay.soap;

import java.io.CharConversionException;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;
import javax.xml.stream.XMLStreamException;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.opensirelay.text.Text;

/**
 * Names the problem when CXF could not read a request at all: instead of "Error reading
 * XMLStreamReader." (or a Server fault for bad UTF-8) the caller gets a Client fault saying what is
 * wrong — not well-formed, a DTD, a limit exceeded, an encoding error — with a reason code.
 */
final class UnreadableRequestInterceptor extends AbstractSoapInterceptor {

    private static final int CAUSE_MAX = 301;

    UnreadableRequestInterceptor() {
        super(Phase.PRE_LOGICAL);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        InboundRequest request = InboundRequest.of(message);
        Exception exception = message.getContent(Exception.class);
        if (request.outcome != null || !(exception instanceof Fault fault)) {
            return;
        }
        Throwable cause = readingCause(fault);
        if (cause == null) {
            return;
        }
        String detail = firstLine(cause.getMessage());
        String lower = detail.toLowerCase(Locale.ROOT);
        FaultReason reason;
        String text;
        if (lower.contains("not a valid xml character")
                || lower.contains("illegal character")
                || lower.contains("invalid xml character")) {
            // Woodstox calls &#x1; a "character entity": it is a character XML 1.0 forbids, not a DTD.
            reason = FaultReason.MALFORMED_XML;
            text =
                    "The request holds a character XML 1.0 does not allow, written as is or as a character reference such as &#x1; ("
                            + detail
                            + "): control characters other than tab, line feed and carriage return cannot be sent";
        } else if (lower.contains("dtd") || lower.contains("doctype") || lower.contains("entity")) {
            reason = FaultReason.MALFORMED_XML;
            text = "DTDs and entities are not allowed in a request (" + detail + ")";
        } else if (lower.contains("limit") || lower.contains("maximum")) {
            reason = FaultReason.XML_LIMIT_EXCEEDED;
            text = "The request exceeds a limit: " + detail;
        } else if (cause instanceof CharConversionException
                || cause instanceof CharacterCodingException
                || lower.contains("utf-8")
                || lower.contains("invalid byte")) {
            reason = FaultReason.MALFORMED_XML;
            text = "The request is not valid UTF-8 text (" + detail + ")";
        } else {
            reason = FaultReason.MALFORMED_XML;
            text = "The request is not a well-formed SOAP envelope: " + detail;
        }
        SoapVersion version = message.getVersion();
        SoapFault replacement = SoapFaults.client(version, reason, text);
        request.refused(reason, text);
        fault.setMessage(replacement.getMessage());
        fault.setFaultCode(replacement.getFaultCode());
        fault.setDetail(replacement.getDetail());
        fault.setStatusCode(400);
    }

    /** The parsing problem behind the fault, or null when the fault is about something else. */
    private static Throwable readingCause(Fault fault) {
        for (Throwable t = fault.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof XMLStreamException
                    || t instanceof CharConversionException
                    || t instanceof CharacterCodingException
                    || t.getClass().getName().startsWith("com.ctc.wstx.exc.")) {
                Throwable root = t;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                return root.getMessage() == null ? t : root;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        String line = message == null ? "unreadable" : message.strip().split("\\R", 2)[0];
        return Text.abbreviate(line, CAUSE_MAX);
    }
}
