package org.opensirelay.soap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.opensirelay.opensi.OpensiContract;
import org.w3c.dom.DOMException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a request as the real shop module reads it — PHP's SoapServer, which picks the contract's
 * fields out by name — where that loses nothing the relay needs: a field written in the contract's
 * other namespace is read in the one the contract gives it (node {@code soap} writes the children of
 * a "get" request in {@code http://www.opensi.fr}); an element the contract does not have is
 * ignored; fields in another order are read in the contract's order. What was tolerated is returned,
 * so that the request's log line and audit row say it. Everything else — a field missing, too long,
 * of the wrong type, given twice, in a third namespace — is still for the schema to refuse.
 * {@code LenientDifferentialTest} holds the relay to what PHP's SoapServer reads whole.
 */
final class LenientReading {

    private LenientReading() {}

    /**
     * Makes, in place, the request and its items read as the contract writes them.
     *
     * @return what was tolerated, one sentence per kind, empty when the request was as the contract writes it
     */
    static List<String> apply(Element request, Operation operation, ContractSchema schema) {
        List<String> moved = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        boolean[] reordered = {false};
        read(request, operation.childNamespace(), schema.fieldsOf(request.getLocalName()), moved, ignored, reordered);
        for (Node child = request.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element item
                    && !schema.fieldsOf(item.getLocalName()).isEmpty()) {
                // An item's fields (and a "get" request's Order/OrderNumber) are in the types namespace.
                read(item, OpensiContract.TYPES_NS, schema.fieldsOf(item.getLocalName()), moved, ignored, reordered);
            }
        }
        List<String> tolerated = new ArrayList<>();
        if (!moved.isEmpty()) {
            tolerated.add(String.join(", ", moved.stream().distinct().toList()) + " read in the contract's namespace");
        }
        if (!ignored.isEmpty()) {
            tolerated.add(
                    String.join(", ", ignored.stream().distinct().toList()) + " ignored (not part of the contract)");
        }
        if (reordered[0]) {
            tolerated.add("fields read in the contract's order");
        }
        return tolerated;
    }

    private static void read(
            Element parent,
            String expectedNamespace,
            List<String> order,
            List<String> moved,
            List<String> ignored,
            boolean[] reordered) {
        if (order.isEmpty()) {
            return;
        }
        List<Element> fields = new ArrayList<>();
        boolean inOrder = true;
        int lastPlace = 0;
        for (Node child = parent.getFirstChild(); child != null; ) {
            Node next = child.getNextSibling();
            if (child instanceof Element element) {
                Element field = rename(element, expectedNamespace, moved);
                int place = placeIn(order, field);
                if (place == order.size() && isOpensi(field.getNamespaceURI())) {
                    ignored.add("{" + field.getNamespaceURI() + "}" + field.getLocalName());
                    parent.removeChild(field);
                } else {
                    inOrder &= lastPlace <= place;
                    lastPlace = place;
                    fields.add(field);
                }
            }
            child = next;
        }
        // Nearly every request is in order already: only one out of order is sorted (sorting every item
        // ran a comparator over a list search each time).
        if (!inOrder) {
            // Stable: a field given twice stays twice, for the schema to refuse.
            fields.sort(Comparator.comparingInt(field -> placeIn(order, field)));
            reordered[0] = true;
            fields.forEach(parent::appendChild);
        }
    }

    /** A field's place in the contract's order; a name the contract does not have sorts last. */
    private static int placeIn(List<String> order, Element field) {
        int place = order.indexOf(field.getLocalName());
        return place < 0 ? order.size() : place;
    }

    private static Element rename(Element element, String expected, List<String> moved) {
        String namespace = element.getNamespaceURI();
        if (!isOpensi(namespace) || expected.equals(namespace)) {
            return element;
        }
        try {
            Node renamed = element.getOwnerDocument().renameNode(element, expected, element.getLocalName());
            moved.add("{" + namespace + "}" + element.getLocalName());
            return (Element) renamed;
        } catch (DOMException | UnsupportedOperationException notSupported) {
            // A DOM that cannot rename (SAAJ's, for WS-Security requests): the schema says what differs.
            return element;
        }
    }

    private static boolean isOpensi(String namespace) {
        return OpensiContract.NS.equals(namespace) || OpensiContract.TYPES_NS.equals(namespace);
    }
}
