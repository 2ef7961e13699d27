package org.opensirelay.soap;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The contract's field declarations and facets, read from our own schemas: which simple type each
 * field has, and that type's length limits and pattern. The validator says which rule broke (the XML
 * Schema constraint key, e.g. {@code cvc-maxLength-valid}); the limit, the type and the value come
 * from here and from the request, not from the wording of the JDK's message.
 */
final class ContractSchema {

    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    /** A simple type: its built-in base ({@code token}, {@code string}, {@code int}…) and facets. */
    record SimpleType(String name, String base, Integer minLength, Integer maxLength, String pattern) {

        /** Whether the value is compared after white-space collapsing (every base but string). */
        boolean collapses() {
            return !"string".equals(base);
        }
    }

    private final Map<String, SimpleType> simpleTypes = new HashMap<>();
    /** (owner element or complex type, field) -> the field's type name. */
    private final Map<String, String> fieldTypes = new HashMap<>();
    /** Owner element or complex type -> the names of its fields, in the order of its sequence. */
    private final Map<String, List<String>> sequences = new HashMap<>();
    /** Global element -> its type, across the schemas (getOrderReturnsRequest is of the types schema's getRequest). */
    private final Map<String, String> globalElementTypes = new HashMap<>();

    ContractSchema(List<String> schemaResources) {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            for (String resource : schemaResources) {
                try (InputStream in = ContractSchema.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("Contract schema " + resource + " is not on the classpath");
                    }
                    read(factory.newDocumentBuilder().parse(in));
                }
            }
            globalElementTypes.forEach((element, type) -> {
                if (sequences.containsKey(type)) {
                    sequences.putIfAbsent(element, sequences.get(type));
                }
            });
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("The contract's schemas cannot be read", e);
        }
    }

    /** The simple type of {@code field} as a child of {@code owner} (an element's local name). */
    Optional<SimpleType> typeOf(String owner, String field) {
        String type = fieldTypes.get(owner + "/" + field);
        if (type == null) {
            return Optional.empty();
        }
        return Optional.of(simpleTypes.getOrDefault(type, new SimpleType(type, type, null, null, null)));
    }

    /** The fields of {@code owner} (an element's local name) in their contract order, or empty when it has none. */
    List<String> fieldsOf(String owner) {
        return sequences.getOrDefault(owner, List.of());
    }

    private void read(Document schema) {
        for (Node n = schema.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e
                    && XS.equals(e.getNamespaceURI())
                    && "element".equals(e.getLocalName())
                    && !e.getAttribute("type").isEmpty()) {
                globalElementTypes.put(e.getAttribute("name"), localName(e.getAttribute("type")));
            }
        }
        NodeList simple = schema.getElementsByTagNameNS(XS, "simpleType");
        for (int i = 0; i < simple.getLength(); i++) {
            Element type = (Element) simple.item(i);
            if (!type.getAttribute("name").isEmpty()) {
                simpleTypes.put(type.getAttribute("name"), simpleType(type));
            }
        }
        NodeList complex = schema.getElementsByTagNameNS(XS, "complexType");
        for (int i = 0; i < complex.getLength(); i++) {
            Element type = (Element) complex.item(i);
            Set<String> owners = new HashSet<>();
            if (type.getAttribute("name").isEmpty()) {
                owners.add(((Element) type.getParentNode()).getAttribute("name"));
            } else {
                owners.add(type.getAttribute("name"));
                owners.addAll(elementsOfType(schema, type.getAttribute("name")));
            }
            Element sequence = child(type, "sequence");
            if (sequence != null) {
                List<String> order = new ArrayList<>();
                for (Node n = sequence.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e
                            && XS.equals(e.getNamespaceURI())
                            && "element".equals(e.getLocalName())) {
                        order.add(e.getAttribute("name"));
                    }
                }
                owners.forEach(owner -> sequences.put(owner, List.copyOf(order)));
            }
            NodeList fields = type.getElementsByTagNameNS(XS, "element");
            for (int f = 0; f < fields.getLength(); f++) {
                Element field = (Element) fields.item(f);
                if (!field.getAttribute("type").isEmpty()) {
                    owners.forEach(owner -> fieldTypes.put(
                            owner + "/" + field.getAttribute("name"), localName(field.getAttribute("type"))));
                }
            }
        }
    }

    private static Set<String> elementsOfType(Document schema, String typeName) {
        Set<String> names = new HashSet<>();
        NodeList elements = schema.getElementsByTagNameNS(XS, "element");
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            if (typeName.equals(localName(element.getAttribute("type")))) {
                names.add(element.getAttribute("name"));
            }
        }
        return names;
    }

    private static SimpleType simpleType(Element type) {
        Element restriction = child(type, "restriction");
        if (restriction == null) {
            // A union (CommentDate): compared collapsed, no facets of its own.
            return new SimpleType(type.getAttribute("name"), "union", null, null, null);
        }
        return new SimpleType(
                type.getAttribute("name"),
                localName(restriction.getAttribute("base")),
                facet(restriction, "minLength"),
                facet(restriction, "maxLength"),
                child(restriction, "pattern") == null
                        ? null
                        : child(restriction, "pattern").getAttribute("value"));
    }

    private static Integer facet(Element restriction, String name) {
        Element facet = child(restriction, name);
        return facet == null ? null : Integer.valueOf(facet.getAttribute("value"));
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && XS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String localName(String qualified) {
        return qualified.substring(qualified.indexOf(':') + 1);
    }
}
