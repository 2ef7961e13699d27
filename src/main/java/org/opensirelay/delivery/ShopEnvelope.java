package org.opensirelay.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;

import org.opensirelay.contract.Header;
import org.opensirelay.contract.ObjectFactory;
import org.opensirelay.contract.ReferenceResponses;
import org.opensirelay.opensi.ContractItems;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.opensi.OpensiContract;

/**
 * The SOAP 1.1 envelopes of the shop deliveries, as bytes: the request (the shop's key in the
 * contract's {@code Header}, the {@code set*Request} in the body) written whole before it is sent,
 * so that it goes with a {@code Content-Length}; and the shop's answer read back, a
 * {@code set*Response}, a SOAP Fault, or something else said in words. The contract's generated
 * JAXB types do the element work ({@link ContractItems} maps them); one JAXB context serves every
 * shop. XML with a DTD or external entities is refused.
 */
final class ShopEnvelope {

    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    private static final byte[] START = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + "<soap:Envelope xmlns:soap=\""
                    + SOAP_NS + "\"><soap:Header>")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "</soap:Header><soap:Body>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "</soap:Body></soap:Envelope>".getBytes(StandardCharsets.UTF_8);

    private final JAXBContext context;
    private final XMLInputFactory xml;

    ShopEnvelope() {
        try {
            this.context = JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("The contract's types cannot be bound", e);
        }
        this.xml = XMLInputFactory.newFactory();
        xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        xml.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    /** The whole request envelope, UTF-8: the key in the header, {@code request} (a {@code set*Request}) in the body. */
    byte[] request(String key, Object request) {
        Header header = new Header();
        header.setKey(key);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            Marshaller marshaller = context.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
            marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            out.write(START);
            marshaller.marshal(header, out);
            out.write(BODY);
            marshaller.marshal(request, out);
            out.write(END);
        } catch (JAXBException | IOException e) {
            throw new IllegalStateException("The request to the shop cannot be written", e);
        }
        return out.toByteArray();
    }

    /** What a shop's answer holds. */
    sealed interface Answer {}

    /** The expected {@code set*Response}, entry by entry. */
    record Entries(List<ItemAnswer> answers) implements Answer {}

    /** A SOAP Fault: the whole call failed. */
    record Fault(String code, String text) implements Answer {}

    /** Not an answer of the contract: an HTML page, another element, broken XML. */
    record Unreadable(String why) implements Answer {}

    /** Reads a shop's answer, expecting {@code responseElement} (e.g. {@code setCommentsResponse}) in the body. */
    Answer read(byte[] answer, String responseElement) {
        if (answer.length == 0) {
            return new Unreadable("it is empty");
        }
        XMLStreamReader reader = null;
        try {
            reader = xml.createXMLStreamReader(new ByteArrayInputStream(answer));
            if (!toElement(reader, SOAP_NS, "Envelope") || !toBody(reader)) {
                return new Unreadable("it is no SOAP 1.1 envelope");
            }
            if (!nextElement(reader)) {
                return new Unreadable("its SOAP body is empty");
            }
            if (SOAP_NS.equals(reader.getNamespaceURI()) && "Fault".equals(reader.getLocalName())) {
                return fault(reader);
            }
            if (!OpensiContract.NS.equals(reader.getNamespaceURI()) || !responseElement.equals(reader.getLocalName())) {
                return new Unreadable("its SOAP body holds " + reader.getName() + ", not " + responseElement);
            }
            ReferenceResponses entries = context.createUnmarshaller()
                    .unmarshal(reader, ReferenceResponses.class)
                    .getValue();
            return new Entries(ContractItems.answers(entries));
        } catch (XMLStreamException | JAXBException e) {
            String why = e.getMessage() != null
                    ? e.getMessage()
                    : e.getCause() != null
                            ? e.getCause().getMessage()
                            : e.getClass().getSimpleName();
            return new Unreadable("it is not well-formed XML: " + why);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException e) {
                    // nothing held
                }
            }
        }
    }

    /** Reads {@code faultcode} and {@code faultstring}, the reader on the Fault element. */
    private static Fault fault(XMLStreamReader reader) throws XMLStreamException {
        String code = null;
        String text = null;
        int depth = 1;
        while (depth > 0 && reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth == 2 && "faultcode".equals(reader.getLocalName())) {
                    code = reader.getElementText().strip();
                    depth--;
                } else if (depth == 2 && "faultstring".equals(reader.getLocalName())) {
                    text = reader.getElementText().strip();
                    depth--;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return new Fault(code == null ? "" : code, text == null ? "" : text);
    }

    /** From the Envelope to its Body, past a Header if there is one. */
    private static boolean toBody(XMLStreamReader reader) throws XMLStreamException {
        while (nextElement(reader) && SOAP_NS.equals(reader.getNamespaceURI())) {
            if ("Body".equals(reader.getLocalName())) {
                return true;
            }
            if (!"Header".equals(reader.getLocalName())) {
                return false;
            }
            skipElement(reader);
        }
        return false;
    }

    /** Moves past the end of the current element. */
    private static void skipElement(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** Moves to the next start element, which must be {@code {ns}local}. */
    private static boolean toElement(XMLStreamReader reader, String ns, String local) throws XMLStreamException {
        return nextElement(reader) && ns.equals(reader.getNamespaceURI()) && local.equals(reader.getLocalName());
    }

    /** Moves to the next start element; false at the end of the document or of the current element. */
    private static boolean nextElement(XMLStreamReader reader) throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
        return false;
    }
}
