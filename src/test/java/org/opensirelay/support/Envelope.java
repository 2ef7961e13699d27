package org.opensirelay.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A request envelope built from a real fixture under {@code src/test/resources/soap/}: the fixture's
 * {@code ${key}} and {@code ${websiteCode}} placeholders are filled in, and tests change fields,
 * drop them or repeat items on a DOM copy, so every variation stays a real envelope.
 */
public final class Envelope {

    public static final String NS = "http://www.opensi.fr";
    public static final String TYPES_NS = "http://www.opensi.fr/xsd";

    private final Document document;

    private Envelope(Document document) {
        this.document = document;
    }

    /** The fixture {@code soap/<name>} with its placeholders filled in. */
    public static Envelope fixture(String name, String key, String websiteCode) {
        String text = Fixtures.text("soap/" + name).replace("${key}", key).replace("${websiteCode}", websiteCode);
        return parse(text);
    }

    public static Envelope parse(String text) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return new Envelope(
                    factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(new StringReader(text))));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not XML: " + e.getMessage(), e);
        }
    }

    /** The request element in the body (setCommentsRequest, ...). */
    public Element request() {
        Element body = (Element) document.getElementsByTagNameNS("*", "Body").item(0);
        return firstElement(body);
    }

    /** The items of the request, in order. */
    public List<Element> items() {
        List<Element> items = new ArrayList<>();
        for (Node n = request().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && !e.getLocalName().equals("Website_Code")) {
                items.add(e);
            }
        }
        return items;
    }

    /** Sets a field of item {@code index} (0-based). */
    public Envelope set(int index, String field, String value) {
        field(items().get(index), field).setTextContent(value);
        return this;
    }

    /** Sets a field of the first item. */
    public Envelope set(String field, String value) {
        return set(0, field, value);
    }

    /** Removes a field of the first item. */
    public Envelope remove(String field) {
        Element f = field(items().get(0), field);
        f.getParentNode().removeChild(f);
        return this;
    }

    /** Removes every item: a request with zero items. */
    public Envelope withoutItems() {
        items().forEach(i -> i.getParentNode().removeChild(i));
        return this;
    }

    /**
     * Makes {@code count} items out of the first one; {@code edit} gets each copy and its 0-based index.
     */
    public Envelope repeat(int count, BiConsumer<Integer, Element> edit) {
        Element template = items().get(0);
        Node parent = template.getParentNode();
        parent.removeChild(template);
        for (int i = 0; i < count; i++) {
            Element copy = (Element) template.cloneNode(true);
            edit.accept(i, copy);
            parent.appendChild(copy);
        }
        return this;
    }

    /** Removes the whole SOAP Header. */
    public Envelope withoutHeader() {
        Node header = document.getElementsByTagNameNS("*", "Header").item(0);
        header.getParentNode().removeChild(header);
        return this;
    }

    public static Element field(Element item, String field) {
        for (Node n = item.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(field)) {
                return e;
            }
        }
        throw new IllegalArgumentException(item.getLocalName() + " has no field " + field);
    }

    private static Element firstElement(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        throw new IllegalStateException(parent.getNodeName() + " has no element child");
    }

    @Override
    public String toString() {
        try {
            StringWriter out = new StringWriter();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads test resources. */
    public static final class Fixtures {
        private Fixtures() {}

        public static String text(String resource) {
            try (InputStream in = Envelope.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no test resource " + resource);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
