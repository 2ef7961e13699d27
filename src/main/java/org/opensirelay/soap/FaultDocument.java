package org.opensirelay.soap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.opensirelay.opensi.OpensiContract;

/**
 * A SOAP Fault with the contract's {@code fault} detail (reason and message), written straight to
 * the HTTP response by code that answers before CXF sees a request: in SOAP 1.1 or 1.2, as the
 * request came. Client faults for what the caller must change, Server (Receiver) faults for the rest.
 */
public final class FaultDocument {

    private FaultDocument() {}

    public static void write(
            HttpServletResponse response,
            boolean soap12,
            int status,
            boolean clientFault,
            FaultReason reason,
            String message)
            throws IOException {
        String text = escaped(message);
        String detail = "<fault xmlns=\"" + OpensiContract.NS + "\"><reason>" + reason.name() + "</reason><message>"
                + text + "</message></fault>";
        String envelope;
        if (soap12) {
            envelope = "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><env:Fault>"
                    + "<env:Code><env:Value>" + (clientFault ? "env:Sender" : "env:Receiver")
                    + "</env:Value></env:Code>"
                    + "<env:Reason><env:Text xml:lang=\"en\">" + text + "</env:Text></env:Reason>"
                    + "<env:Detail>" + detail + "</env:Detail></env:Fault></env:Body></env:Envelope>";
        } else {
            envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                    + "<faultcode>" + (clientFault ? "soap:Client" : "soap:Server") + "</faultcode><faultstring>" + text
                    + "</faultstring><detail>" + detail + "</detail></soap:Fault></soap:Body></soap:Envelope>";
        }
        byte[] bytes = envelope.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType((soap12 ? "application/soap+xml" : "text/xml") + ";charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String escaped(String message) {
        return message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
