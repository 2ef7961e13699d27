package org.opensirelay.soap;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.dom.DOMSource;

import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.binding.soap.saaj.SAAJInInterceptor;
import org.apache.cxf.helpers.DOMUtils;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.staxutils.StaxUtils;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.wss4j.dom.WSConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads the SOAP body of a request into a DOM for {@link ContractCheckInterceptor}, then lets CXF
 * unmarshal from that DOM.
 * <p>
 * A request with a WS-Security header gets the SAAJ message WSS4J works on. Every other request
 * (nearly all: the OpenSi key travels in its own header) gets a plain DOM of its body instead:
 * building and walking SAAJ's element wrappers cost about a fifth of a request's CPU, and nothing
 * but WSS4J needs them.
 */
final class RequestBodyInterceptor extends AbstractSoapInterceptor {

    private static final String BODY = RequestBodyInterceptor.class.getName() + ".body";

    RequestBodyInterceptor() {
        super(Phase.PRE_PROTOCOL);
        addBefore(WSS4JInInterceptor.class.getName());
    }

    /**
     * The request's SOAP body element, or null for a request that has none (an HTTP GET). A body
     * that cannot be read as SAAJ is a {@link SOAPException}.
     */
    static Element bodyOf(SoapMessage message) throws SOAPException {
        if (message.get(BODY) instanceof Element body) {
            return body;
        }
        SOAPMessage saaj = message.getContent(SOAPMessage.class);
        return saaj == null ? null : saaj.getSOAPBody();
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if (isGET(message)) {
            return;
        }
        if (hasSecurityHeader(message)) {
            SAAJInInterceptor.INSTANCE.handleMessage(message);
            return;
        }
        XMLStreamReader reader = message.getContent(XMLStreamReader.class);
        if (reader == null) {
            return;
        }
        Document document = DOMUtils.newDocument();
        // The parser has checked every name already; checking each again as the DOM is built cost a
        // few percent of a 100-item request's CPU.
        document.setStrictErrorChecking(false);
        Element body = document.createElementNS(
                message.getVersion().getNamespace(),
                "soap:" + message.getVersion().getBody().getLocalPart());
        document.appendChild(body);
        try {
            // The reader stands just inside <soap:Body>: read to its end, as SAAJ would.
            StaxUtils.readDocElements(body, reader, true, true);
        } catch (XMLStreamException e) {
            throw new SoapFault(
                    "The request body cannot be read: " + e.getMessage(),
                    e,
                    message.getVersion().getSender());
        }
        XMLStreamReader replay = StaxUtils.createXMLStreamReader(new DOMSource(body));
        try {
            replay.nextTag();
            replay.nextTag();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("A DOM just built cannot be replayed", e);
        }
        message.put(BODY, body);
        message.setContent(XMLStreamReader.class, replay);
    }

    /** Whether the headers CXF has read hold wsse:Security (in the namespace where WSS4J looks for it). */
    static boolean hasSecurityHeader(SoapMessage message) {
        return message.hasHeaders()
                && message.getHeaders().stream()
                        .anyMatch(h -> WSConstants.WSSE_LN.equals(h.getName().getLocalPart())
                                && WSConstants.WSSE_NS.equals(h.getName().getNamespaceURI()));
    }
}
