package org.opensirelay.passthrough;

import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

import org.codehaus.stax2.XMLStreamReader2;
import org.opensirelay.opensi.OpensiContract;
import org.opensirelay.soap.SoapEndpoint;

/**
 * What the relay must know of an envelope before it passes it on, read without building a DOM:
 * the SOAP version, the request element, the header key and the {@code Website_Code} (in either of the
 * contract's namespaces, as the real connector reads it), with where their texts sit in the
 * document, so that they can be replaced and every other byte sent as it came.
 *
 * @param soap12       whether the envelope is SOAP 1.2
 * @param namespace    the request element's namespace
 * @param requestName  the request element's local name
 * @param key          the header key, or null
 * @param keyText      where the key's text sits (characters of the document), or null
 * @param websiteCode  the request's Website_Code, or null when it has none, a nil one or an empty one
 * @param websiteCodeText where the Website_Code's text sits, or null
 * @param repeated     the element the envelope holds more than once where the contract has one ({@code key} in
 *                     the OpenSi header, {@code Website_Code} in the request), or null: such an envelope is refused,
 *                     never forwarded (the shop might read the one the relay did not check)
 * @param repeatedTimes how many times {@code repeated} is there
 */
record EnvelopeHead(
        boolean soap12,
        String namespace,
        String requestName,
        String key,
        Span keyText,
        String websiteCode,
        Span websiteCodeText,
        String repeated,
        int repeatedTimes) {

    static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";
    private static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

    /** Characters [start, end) of the document. */
    record Span(int start, int end) {}

    /** An element's text, and where it sits. */
    private record ElementText(String value, Span span) {

        /** The text of the element {@code reader} is at the start of; the reader is left at its end. */
        static ElementText of(XMLStreamReader2 reader) throws XMLStreamException {
            int start = (int) reader.getLocationInfo().getEndingCharOffset();
            StringBuilder value = new StringBuilder();
            while (true) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS,
                            XMLStreamConstants.CDATA,
                            XMLStreamConstants.SPACE,
                            XMLStreamConstants.ENTITY_REFERENCE -> value.append(reader.getText());
                    case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                        // not part of the value
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        return new ElementText(value.toString(), new Span(start, (int)
                                reader.getLocationInfo().getStartingCharOffset()));
                    }
                    default ->
                        throw new XMLStreamException("an element where a text was expected", reader.getLocation());
                }
            }
        }
    }

    /** Whether a request element is one of the contract's operations that the relay leaves to the shop. */
    static boolean passesThrough(String namespace, String requestName) {
        if (!OpensiContract.NS.equals(namespace) || !requestName.endsWith(OpensiContract.REQUEST_SUFFIX)) {
            return false;
        }
        String operation = requestName.substring(0, requestName.length() - OpensiContract.REQUEST_SUFFIX.length());
        return OpensiContract.OPERATIONS.contains(operation)
                && (!SoapEndpoint.answers(namespace, requestName) || SHOP_OR_RELAY.equals(operation));
    }

    /** The operation the relay answers for some websites and passes to the shop for others (returns.credit-notes). */
    static final String SHOP_OR_RELAY = "getOrderCreditNotes";

    /** The operation's name: the request element's without "Request". */
    String operation() {
        return requestName.endsWith(OpensiContract.REQUEST_SUFFIX)
                ? requestName.substring(0, requestName.length() - OpensiContract.REQUEST_SUFFIX.length())
                : requestName;
    }

    /**
     * The head of {@code document}, or null when it is not a SOAP envelope with one request element in
     * its body that passes through (then the endpoint answers it, or says what is wrong with it).
     */
    static EnvelopeHead read(String document, XMLInputFactory factory) throws XMLStreamException {
        XMLStreamReader2 reader = (XMLStreamReader2) factory.createXMLStreamReader(new StringReader(document));
        try {
            if (reader.nextTag() != XMLStreamConstants.START_ELEMENT || !"Envelope".equals(reader.getLocalName())) {
                return null;
            }
            String envelopeNs = reader.getNamespaceURI();
            if (!SOAP11_NS.equals(envelopeNs) && !SOAP12_NS.equals(envelopeNs)) {
                return null;
            }
            String key = null;
            Span keyText = null;
            int keys = 0;
            // Children of the envelope: Header (optional), then Body.
            while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
                boolean soapElement = envelopeNs.equals(reader.getNamespaceURI());
                if (soapElement && "Header".equals(reader.getLocalName())) {
                    while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        if (OpensiContract.NS.equals(reader.getNamespaceURI())
                                && OpensiContract.HEADER_ELEMENT.equals(reader.getLocalName())) {
                            while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
                                if (OpensiContract.NS.equals(reader.getNamespaceURI())
                                        && OpensiContract.HEADER_KEY.equals(reader.getLocalName())
                                        && ++keys == 1) {
                                    ElementText text = ElementText.of(reader);
                                    key = text.value();
                                    keyText = text.span();
                                } else {
                                    reader.skipElement();
                                }
                            }
                        } else {
                            reader.skipElement();
                        }
                    }
                } else if (soapElement && "Body".equals(reader.getLocalName())) {
                    if (reader.nextTag() != XMLStreamConstants.START_ELEMENT) {
                        return null;
                    }
                    String namespace = reader.getNamespaceURI();
                    String requestName = reader.getLocalName();
                    if (!passesThrough(namespace, requestName)) {
                        // The relay's own operation, or none of the contract: the endpoint reads it, the rest unread
                        // here.
                        return null;
                    }
                    String code = null;
                    Span codeText = null;
                    int codes = 0;
                    // Every child of the request: a second Website_Code after the first (nil or not) is seen too.
                    while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        boolean websiteCode = OpensiContract.WEBSITE_CODE.equals(reader.getLocalName())
                                && (OpensiContract.NS.equals(reader.getNamespaceURI())
                                        || OpensiContract.TYPES_NS.equals(reader.getNamespaceURI()));
                        if (!websiteCode || ++codes > 1) {
                            reader.skipElement();
                            continue;
                        }
                        boolean nil = "true".equals(reader.getAttributeValue(XSI_NS, "nil"))
                                || "1".equals(reader.getAttributeValue(XSI_NS, "nil"));
                        ElementText text = ElementText.of(reader);
                        // A nil or empty Website_Code: the key's website, as for the relay's own "get" requests.
                        if (!nil && !text.value().strip().isEmpty()) {
                            code = text.value().strip();
                            codeText = text.span();
                        }
                    }
                    // The request ends, then the body must end: a second request element is the endpoint's to refuse.
                    if (reader.nextTag() != XMLStreamConstants.END_ELEMENT) {
                        return null;
                    }
                    String repeated =
                            keys > 1 ? OpensiContract.HEADER_KEY : codes > 1 ? OpensiContract.WEBSITE_CODE : null;
                    return new EnvelopeHead(
                            SOAP12_NS.equals(envelopeNs),
                            namespace,
                            requestName,
                            key == null ? null : key.strip(),
                            keyText,
                            code,
                            codeText,
                            repeated,
                            keys > 1 ? keys : codes);
                } else {
                    reader.skipElement();
                }
            }
            return null;
        } finally {
            reader.close();
        }
    }
}
