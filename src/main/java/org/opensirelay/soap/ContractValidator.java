package org.opensirelay.soap;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.opensirelay.opensi.OpensiContract;
import org.opensirelay.text.Text;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;

/**
 * Validates a request element against the contract's own schema and reports <em>every</em>
 * violation, each with its item position and field. The schema is the source of the field rules
 * (lengths, types, required fields): nothing here repeats a length limit. The two exceptions are
 * the patterns of the unbounded Url and Comment fields, checked by {@link #TEXT_RULES} in linear
 * time (the schema states them in words), because the JDK's validator matches them in quadratic time.
 *
 * <p><b>Why one class of this size</b> (≈450 lines): most of it turns each kind of schema error
 * Xerces reports (a length, a pattern, a type, a missing or unexpected element) into what the ERP
 * reads — the item, the field, the rule in words — once per field however many errors Xerces raises
 * for it, plus the two linear-time text rules; the schema itself ({@link ContractSchema}) is its own class.
 */
@Component
class ContractValidator {

    private static final String CURRENT_NODE = "http://apache.org/xml/properties/dom/current-element-node";
    private static final String LOCALE = "http://apache.org/xml/properties/locale";
    /** Values quoted back in messages are cut here: a 1 MB field is not echoed. */
    private static final int QUOTED_VALUE_MAX = 61;

    private static final Pattern EXPECTED = Pattern.compile("One of '\\{(.*)\\}' is expected\\.$", Pattern.DOTALL);
    private static final Pattern EXPECTED_NAME = Pattern.compile("\"([^\"]*)\":([\\w.-]+)");

    /** How each simple type reads to a person; the schema stays the authority on what passes. */
    private static final Map<String, String> TYPE_WORDS = Map.of(
            "boolean", "true, false, 1 or 0",
            "int", "an integer from -2147483648 to 2147483647",
            "CommentId", "an integer written with at most 11 characters",
            "CommentDate", "a date YYYY-MM-DD or a date-time YYYY-MM-DDThh:mm:ss or YYYY-MM-DD hh:mm:ss",
            "ReturnDocumentUrl", "an http:// or https:// URL without spaces",
            "CommentText", "text that is not empty or only spaces");

    private final Schema schema;
    private final ContractSchema fields =
            new ContractSchema(List.of(OpensiContract.SCHEMA_LOCATION, OpensiContract.TYPES_SCHEMA_LOCATION));

    /** The contract's fields and their order, as read from the schemas. */
    ContractSchema schema() {
        return fields;
    }

    private final ThreadLocal<Validator> validators;
    private final Locale messages;

    ContractValidator() {
        this(Locale.ENGLISH);
    }

    /**
     * @param messages the language of the validator's own messages: only the parts that stay
     *                 untranslated (constraint keys, the expected element names) are read from them
     */
    ContractValidator(Locale messages) {
        this.messages = messages;
        URL location = ContractValidator.class.getClassLoader().getResource(OpensiContract.SCHEMA_LOCATION);
        if (location == null) {
            throw new IllegalStateException(
                    "Contract schema " + OpensiContract.SCHEMA_LOCATION + " is not on the classpath");
        }
        try {
            this.schema = SchemaFactory.newDefaultInstance().newSchema(location);
        } catch (SAXException e) {
            throw new IllegalStateException("Contract schema " + location + " does not compile", e);
        }
        this.validators = ThreadLocal.withInitial(schema::newValidator);
    }

    /**
     * Every violation of the contract in {@code request} (the SOAP body's request element), in
     * document order; empty when it is valid.
     */
    List<Violation> validate(Element request) {
        // A validator is not thread-safe but can be reused: one per thread saves building one per request.
        Validator validator = validators.get();
        Collector collector = new Collector(validator, fields, request);
        try {
            validator.setProperty(LOCALE, messages);
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("The JDK schema validator is expected to accept a locale", e);
        }
        validator.setErrorHandler(collector);
        try {
            validator.validate(new DOMSource(request));
        } catch (SAXException | IOException e) {
            collector.add(Violation.at(
                    null,
                    request.getLocalName(),
                    request.getLocalName(),
                    "schema",
                    null,
                    null,
                    "could not be validated: " + e.getMessage()));
        }
        collector.checkTextRules();
        // In item order, whichever check found them.
        collector.violations.sort(
                Comparator.comparing(Violation::item, Comparator.nullsFirst(Comparator.naturalOrder())));
        return collector.violations;
    }

    /**
     * A pattern the contract sets on a field of unbounded length, checked here rather than as an
     * {@code xs:pattern}: the JDK's schema validator matches patterns in time that grows with the
     * square of the value's length (a 100,000-character Url or Comment cost a second of CPU, and a
     * 230-character comment a millisecond). The schema documents these rules in words.
     *
     * @param item    the item element holding the field
     * @param field   the field
     * @param type    the field's type in the schema (for the words of the message)
     * @param pattern the rule, in the schema's regular-expression syntax (quoted in the violation)
     * @param matches the same rule as code, one pass over the value (java.util.regex, also linear,
     *                cost a fifth of a 100-item request's CPU)
     * @param token   whether the field is an {@code xs:token} (checked after white-space collapsing)
     */
    private record TextRule(
            String item, String field, String type, String pattern, Predicate<String> matches, boolean token) {}

    private static final List<TextRule> TEXT_RULES = List.of(
            new TextRule(
                    "OrderReturnDocument",
                    "Url",
                    "ReturnDocumentUrl",
                    "[hH][tT][tT][pP][sS]?://\\S+",
                    ContractValidator::isHttpUrlWithoutSpaces,
                    true),
            new TextRule(
                    "Comment",
                    "Comment",
                    "CommentText",
                    "\\s*\\S[\\s\\S]*",
                    value -> value.chars().anyMatch(c -> !isXmlWhiteSpace(c)),
                    false));
    private static final Pattern XML_WHITE_SPACE = Pattern.compile("[ \t\n\r]+");

    /** {@code [hH][tT][tT][pP][sS]?://\S+}, where {@code \S} is anything but XML white space. */
    static boolean isHttpUrlWithoutSpaces(String value) {
        int rest = value.regionMatches(true, 0, "http://", 0, 7)
                ? 7
                : value.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        return rest > 0
                && value.length() > rest
                && value.chars().skip(rest).noneMatch(ContractValidator::isXmlWhiteSpace);
    }

    /** An {@code xs:token}'s value: XML white space runs become one space, none at either end. */
    private static String collapse(String value) {
        String collapsed = XML_WHITE_SPACE.matcher(value).replaceAll(" ");
        int start = collapsed.startsWith(" ") ? 1 : 0;
        int end = collapsed.endsWith(" ") ? collapsed.length() - 1 : collapsed.length();
        return start < end ? collapsed.substring(start, end) : "";
    }

    private static boolean isXmlWhiteSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Turns each validator error into a violation naming the item and the field. */
    private static final class Collector implements ErrorHandler {

        private final Validator validator;
        private final ContractSchema schema;
        private final Element request;
        private final List<Violation> violations = new ArrayList<>();
        /** Elements already reported: the validator follows a facet error with a generic one. */
        private final Map<Node, Boolean> reported = new IdentityHashMap<>();

        /** Attributes already reported, per element: the validator reports each one without naming it apart. */
        private final Map<Node, Set<String>> attributesReported = new IdentityHashMap<>();

        Collector(Validator validator, ContractSchema schema, Element request) {
            this.validator = validator;
            this.schema = schema;
            this.request = request;
        }

        @Override
        public void warning(SAXParseException exception) {
            // Warnings do not refuse a request.
        }

        @Override
        public void error(SAXParseException exception) {
            Node node;
            try {
                node = (Node) validator.getProperty(CURRENT_NODE);
            } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
                node = null;
            }
            String message = exception.getMessage();
            if (message.startsWith("cvc-type.3.1.3:") && node != null && reported.containsKey(node)) {
                return;
            }
            if (node != null) {
                reported.put(node, Boolean.TRUE);
            }
            add(translate(message, node instanceof Element element ? element : request));
        }

        @Override
        public void fatalError(SAXParseException exception) {
            error(exception);
        }

        void add(Violation violation) {
            violations.add(violation);
        }

        /** The {@link #TEXT_RULES}, on every item of the request. */
        void checkTextRules() {
            for (Node item = request.getFirstChild(); item != null; item = item.getNextSibling()) {
                if (!(item instanceof Element itemElement)) {
                    continue;
                }
                for (Node field = item.getFirstChild(); field != null; field = field.getNextSibling()) {
                    if (field instanceof Element fieldElement) {
                        for (TextRule rule : TEXT_RULES) {
                            if (rule.item().equals(itemElement.getLocalName())
                                    && rule.field().equals(fieldElement.getLocalName())
                                    && OpensiContract.TYPES_NS.equals(fieldElement.getNamespaceURI())) {
                                check(rule, fieldElement);
                            }
                        }
                    }
                }
            }
        }

        private void check(TextRule rule, Element field) {
            String value = field.getTextContent();
            if (rule.token()) {
                value = collapse(value);
            }
            if (!rule.matches().test(value)) {
                add(fieldOf(field)
                        .violation(
                                "pattern",
                                rule.pattern(),
                                null,
                                quote(value) + " is not " + words(rule.type(), "a value matching " + rule.pattern())));
            }
        }

        private Violation translate(String message, Element at) {
            // The XML Schema constraint that broke is the message's key (the spec's name for it, in
            // every locale and JDK); the limit, the type and the value come from our schema and the
            // request itself, never from the wording around it.
            String constraint = message.contains(":") ? message.substring(0, message.indexOf(':')) : message;
            Optional<ContractSchema.SimpleType> type = at == request
                    ? Optional.empty()
                    : schema.typeOf(parentOf(at).getLocalName(), at.getLocalName());
            if (type.isPresent()) {
                ContractSchema.SimpleType simple = type.get();
                String value = simple.collapses() ? collapse(at.getTextContent()) : at.getTextContent();
                switch (constraint) {
                    case "cvc-maxLength-valid" -> {
                        int length = value.length();
                        return fieldOf(at)
                                .violation(
                                        "maxLength",
                                        String.valueOf(simple.maxLength()),
                                        length,
                                        "is " + length + " characters long; at most " + simple.maxLength()
                                                + " are allowed");
                    }
                    case "cvc-minLength-valid" -> {
                        return fieldOf(at)
                                .violation(
                                        "minLength",
                                        String.valueOf(simple.minLength()),
                                        value.length(),
                                        "must not be empty");
                    }
                    case "cvc-pattern-valid" -> {
                        return fieldOf(at)
                                .violation(
                                        "pattern",
                                        simple.pattern(),
                                        null,
                                        quote(value) + " is not "
                                                + words(simple.name(), "a value matching " + simple.pattern()));
                    }
                    case "cvc-datatype-valid.1.2.1", "cvc-datatype-valid.1.2.3" -> {
                        return fieldOf(at)
                                .violation(
                                        "type",
                                        simple.name(),
                                        null,
                                        quote(value) + " is not " + words(simple.name(), "a valid " + simple.name()));
                    }
                    default -> {
                        // Structural problems below.
                    }
                }
            }
            if (message.startsWith("cvc-complex-type.2.4.b:")) {
                // Reported on the element whose content ended before the expected child.
                return in(at, expectedNames(message)).violation("required", null, null, "is missing");
            }
            if (message.startsWith("cvc-complex-type.2.4.a:")) {
                // Reported on the element found where the expected child should have been. When only the
                // namespace differs, the namespaces are the message: the names alone read the same.
                String expectedNamespace = expectedNamespaceOf(message, at.getLocalName());
                String found = expectedNamespace != null && !expectedNamespace.equals(at.getNamespaceURI())
                        ? "{" + at.getNamespaceURI() + "}" + at.getLocalName() + " where {" + expectedNamespace + "}"
                                + at.getLocalName() + " was expected"
                        : at.getLocalName() + " where it was expected";
                return in(parentOf(at), expectedNames(message))
                        .violation("required", null, null, "is missing or out of order (found " + found + ")");
            }
            if (constraint.equals("cvc-complex-type.3.2.2")) {
                // Reported on the element carrying it, once per attribute; the contract has no attributes at all.
                String attribute = "@" + nextUnreportedAttribute(at);
                Where where = at == request
                        ? new Where(null, request.getLocalName(), attribute)
                        : at.getParentNode() == request
                                ? in(at, attribute)
                                : in(parentOf(at), at.getLocalName() + "/" + attribute);
                return where.violation("unexpected", null, null, "is an attribute, and the contract has none");
            }
            if (message.startsWith("cvc-complex-type.2.4.d:")) {
                return fieldOf(at).violation("unexpected", null, null, "is not part of the contract here");
            }
            return fieldOf(at).violation("schema", null, null, cut(message));
        }

        /** The first attribute of {@code element} (namespace declarations aside) not reported yet. */
        private String nextUnreportedAttribute(Element element) {
            Set<String> done = attributesReported.computeIfAbsent(element, e -> new HashSet<>());
            NamedNodeMap attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Node attribute = attributes.item(i);
                if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())
                        && done.add(attribute.getNodeName())) {
                    return attribute.getNodeName();
                }
            }
            return "?";
        }

        /** A violation site: the item (or the request itself) and the field. */
        private record Where(Integer position, String element, String field) {

            Violation violation(String rule, String limit, Integer length, String says) {
                return Violation.at(position, element, field, rule, limit, length, says);
            }
        }

        private Where fieldOf(Element field) {
            return field == request
                    ? new Where(null, request.getLocalName(), field.getLocalName())
                    : in(parentOf(field), field.getLocalName());
        }

        /** The field named {@code field} of {@code owner}, located by the item that holds it. */
        private Where in(Element owner, String field) {
            if (owner == request) {
                return new Where(null, request.getLocalName(), field);
            }
            Element item = owner;
            while (item.getParentNode() != request && item.getParentNode() instanceof Element parent) {
                item = parent;
            }
            return new Where(positionOf(item), item.getLocalName(), field);
        }

        private Element parentOf(Element element) {
            return element != request && element.getParentNode() instanceof Element parent ? parent : request;
        }

        private Integer positionOf(Element item) {
            int position = 1;
            for (Node n = item.getPreviousSibling(); n != null; n = n.getPreviousSibling()) {
                if (n instanceof Element sibling && item.getLocalName().equals(sibling.getLocalName())) {
                    position++;
                }
            }
            return position;
        }

        private static String expectedNames(String message) {
            Matcher m = EXPECTED.matcher(message);
            if (!m.find()) {
                return "?";
            }
            List<String> names = new ArrayList<>();
            Matcher name = EXPECTED_NAME.matcher(m.group(1));
            while (name.find()) {
                names.add(name.group(2));
            }
            return names.isEmpty() ? m.group(1) : String.join(" or ", names);
        }

        /** The namespace the schema expected an element named {@code localName} in, or null when it named none such. */
        private static String expectedNamespaceOf(String message, String localName) {
            Matcher m = EXPECTED.matcher(message);
            if (!m.find()) {
                return null;
            }
            Matcher name = EXPECTED_NAME.matcher(m.group(1));
            while (name.find()) {
                if (name.group(2).equals(localName)) {
                    return name.group(1);
                }
            }
            return null;
        }

        private static String words(String type, String fallback) {
            return TYPE_WORDS.getOrDefault(type, fallback);
        }

        private static String quote(String value) {
            return "'" + cut(value) + "'";
        }

        private static String cut(String value) {
            return Text.abbreviate(value, QUOTED_VALUE_MAX);
        }
    }
}
