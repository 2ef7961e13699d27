package org.opensirelay.returns.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.metadata.ConstraintDescriptor;

import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReturnRefusedException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads a JSON request body into its record and checks it with jakarta.validation. Every problem
 * comes back at once, each with its JSON pointer, in the order the record declares its fields: a
 * value of the wrong JSON type (text where a number goes, a number where money goes), a broken
 * rule ({@link OneLine}, {@link WholeNumber}, {@link DecimalText}…), and the rules between fields
 * a record states itself ({@link RulesBetweenFields}). Fields the record does not declare are
 * ignored, as the contract's readers do.
 */
@Component
class JsonBodies {

    /** A record with rules no single field can state (a currency and the amounts in it). */
    interface RulesBetweenFields {

        /** The problems between fields; fields that broke their own rule read as null here. */
        List<Problem> problemsBetweenFields();
    }

    private static final String MISTYPED = "relay.mistyped";

    /** A value of the wrong JSON type at {@code pointer}: read as null, reported with the field's rule. */
    private record Mistyped(String pointer, String expected) {}

    private final Validator validator;
    private final JsonMapper mapper;

    JsonBodies(Validator validator) {
        this.validator = validator;
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(new SimpleModule("strict-scalars")
                        .addDeserializer(
                                String.class, new Strict<>("text", JsonParser::getString, JsonToken.VALUE_STRING))
                        .addDeserializer(
                                Boolean.class,
                                new Strict<>(
                                        "true or false",
                                        JsonParser::getBooleanValue,
                                        JsonToken.VALUE_TRUE,
                                        JsonToken.VALUE_FALSE))
                        .addDeserializer(Integer.class, new StrictInteger()))
                .addHandler(new WrongStructure())
                .build();
    }

    /**
     * The body as {@code type}, or a 422 {@code code} listing every problem (nothing is changed).
     * {@code before} are problems already found elsewhere in the request (a path segment); they
     * are listed first.
     */
    <T> T read(JsonNode body, Class<T> type, String code, String title, List<Problem> before) {
        List<Problem> problems = new ArrayList<>(before);
        if (body == null || !body.isObject()) {
            problems.add(Problem.of("INVALID_FIELD", "", "the body must be a JSON object"));
            throw new ReturnRefusedException(422, code, title, problems);
        }
        List<Mistyped> mistyped = new ArrayList<>();
        T value = mapper.readerFor(type).withAttribute(MISTYPED, mistyped).readValue(body);
        Map<String, Problem> found = new LinkedHashMap<>();
        for (Mistyped wrong : mistyped) {
            found.putIfAbsent(wrong.pointer(), mistypedProblem(type, wrong));
        }
        validator.validate(value).stream()
                .sorted(Comparator.comparing(ConstraintViolation::getMessage))
                .forEach(violation -> {
                    String pointer = pointer(violation.getPropertyPath());
                    found.putIfAbsent(
                            pointer,
                            Problem.of(
                                    code(violation.getConstraintDescriptor()),
                                    pointer,
                                    name(pointer) + " " + violation.getMessage()));
                });
        if (value instanceof RulesBetweenFields rules) {
            rules.problemsBetweenFields().forEach(p -> found.putIfAbsent(p.pointer(), p));
        }
        found.values().stream()
                .map(p -> Map.entry(declarationOrder(type, p.pointer()), p))
                .sorted(Map.Entry.comparingByKey(JsonBodies::compare))
                .forEach(entry -> problems.add(entry.getValue()));
        if (!problems.isEmpty()) {
            throw new ReturnRefusedException(422, code, title, problems);
        }
        return value;
    }

    <T> T read(JsonNode body, Class<T> type, String code, String title) {
        return read(body, type, code, title, List.of());
    }

    /** The rule of the field, as its constraint states it, else what JSON type it needs. */
    private Problem mistypedProblem(Class<?> root, Mistyped wrong) {
        String name = name(wrong.pointer());
        Optional<Step> field = field(root, wrong.pointer());
        Optional<ConstraintDescriptor<?>> rule =
                field.map(f -> validator.getConstraintsForClass(f.owner()).getConstraintsForProperty(f.name())).stream()
                        .flatMap(property -> property.getConstraintDescriptors().stream())
                        .<ConstraintDescriptor<?>>map(d -> d)
                        .filter(d -> d.getAttributes().containsKey("code"))
                        .findFirst();
        return rule.map(d -> Problem.of(code(d), wrong.pointer(), name + " " + interpolate(d)))
                .orElseGet(() -> Problem.of("INVALID_FIELD", wrong.pointer(), name + " must be " + wrong.expected()));
    }

    /** Our rules' messages name only their own attributes ({min}, {max}): those are filled in. */
    private static String interpolate(ConstraintDescriptor<?> rule) {
        String message = rule.getMessageTemplate();
        for (Map.Entry<String, Object> attribute : rule.getAttributes().entrySet()) {
            message = message.replace("{" + attribute.getKey() + "}", String.valueOf(attribute.getValue()));
        }
        return message;
    }

    private static String code(ConstraintDescriptor<?> rule) {
        return rule.getAttributes().get("code") instanceof String code ? code : "INVALID_FIELD";
    }

    /** {@code lines[0].quantity} as the JSON pointer {@code /lines/0/quantity}. */
    private static String pointer(Path path) {
        StringBuilder pointer = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                pointer.append('/').append(node.getIndex());
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                pointer.append('/').append(node.getName());
            }
        }
        return pointer.toString();
    }

    /** The field a pointer ends at, or the list it is an element of: what a person calls it. */
    private static String name(String pointer) {
        String[] segments = pointer.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isEmpty() && !segments[i].chars().allMatch(Character::isDigit)) {
                return segments[i];
            }
        }
        return "the body";
    }

    /**
     * One segment of a pointer, walked through the body's types: the record or list it is in, the
     * component it names (null for a list index), and its position there (declaration order, or the
     * index). A segment no type declares has position {@code MAX_VALUE} and ends the walk.
     */
    private record Step(Class<?> owner, String name, int position) {}

    private static List<Step> walk(Class<?> root, String pointer) {
        List<Step> steps = new ArrayList<>();
        Type current = root;
        for (String segment : segments(pointer)) {
            Class<?> raw = raw(current);
            if (List.class.isAssignableFrom(raw)) {
                boolean index = segment.chars().allMatch(Character::isDigit) && segment.length() < 10;
                steps.add(new Step(raw, null, index ? Integer.parseInt(segment) : Integer.MAX_VALUE));
                current = element(current);
                continue;
            }
            RecordComponent[] components = raw.isRecord() ? raw.getRecordComponents() : new RecordComponent[0];
            int position = 0;
            while (position < components.length
                    && !components[position].getName().equals(segment)) {
                position++;
            }
            if (position == components.length) {
                steps.add(new Step(raw, null, Integer.MAX_VALUE));
                break;
            }
            steps.add(new Step(raw, segment, position));
            current = components[position].getGenericType();
        }
        return steps;
    }

    /** The record component a pointer names, or the list it is an element of. */
    private static Optional<Step> field(Class<?> root, String pointer) {
        List<Step> named =
                walk(root, pointer).stream().filter(step -> step.name() != null).toList();
        return named.isEmpty() ? Optional.empty() : Optional.of(named.get(named.size() - 1));
    }

    /** Where a pointer comes in the body: positions, outermost first. */
    private static List<Integer> declarationOrder(Class<?> root, String pointer) {
        return walk(root, pointer).stream().map(Step::position).toList();
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int byPosition = Integer.compare(a.get(i), b.get(i));
            if (byPosition != 0) {
                return byPosition;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static List<String> segments(String pointer) {
        return pointer.isEmpty() ? List.of() : List.of(pointer.substring(1).split("/"));
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType()
                : type instanceof Class<?> plain ? plain : Object.class;
    }

    private static Type element(Type list) {
        return list instanceof ParameterizedType parameterized
                ? parameterized.getActualTypeArguments()[0]
                : Object.class;
    }

    @SuppressWarnings("unchecked")
    private static Object mistyped(JsonParser parser, DeserializationContext context, String expected) {
        String pointer = parser.streamReadContext().pathAsPointer().toString();
        ((List<Mistyped>) context.getAttribute(MISTYPED)).add(new Mistyped(pointer, expected));
        parser.skipChildren();
        return null;
    }

    private interface Reading<T> {
        T read(JsonParser parser);
    }

    /** A scalar only from its own JSON type: no "2" for 2, no 12.5 for "12.50", no 1 for true. */
    private static final class Strict<T> extends ValueDeserializer<T> {

        private final String expected;
        private final Reading<T> reading;
        private final List<JsonToken> accepted;

        Strict(String expected, Reading<T> reading, JsonToken... accepted) {
            this.expected = expected;
            this.reading = reading;
            this.accepted = List.of(accepted);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) {
            return accepted.contains(parser.currentToken())
                    ? reading.read(parser)
                    : (T) mistyped(parser, context, expected);
        }
    }

    /** A whole number that fits an int; larger ones are out of every range we accept. */
    private static final class StrictInteger extends ValueDeserializer<Integer> {

        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && parser.getNumberType() == JsonParser.NumberType.INT) {
                return parser.getIntValue();
            }
            return (Integer) mistyped(parser, context, "a whole number");
        }
    }

    /** An object where a list goes, a list or a scalar where an object goes. */
    private static final class WrongStructure extends DeserializationProblemHandler {

        @Override
        public Object handleUnexpectedToken(
                DeserializationContext context, JavaType target, JsonToken token, JsonParser parser, String message) {
            return mistyped(parser, context, target.isCollectionLikeType() ? "an array" : "an object");
        }

        @Override
        public Object handleMissingInstantiator(
                DeserializationContext context,
                Class<?> target,
                ValueInstantiator instantiator,
                JsonParser parser,
                String message) {
            return mistyped(parser, context, "an object");
        }
    }
}
