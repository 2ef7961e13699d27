package org.opensirelay.returns.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import org.opensirelay.text.Text;
import tools.jackson.databind.JsonNode;

/** Reading one field of a JSON request, with the problem it makes when it is not what is asked. */
public final class JsonFields {

    private JsonFields() {}

    /**
     * The text of {@code field}, one line, or null when it is absent, null or not valid (then a
     * problem is added: required and missing, not text, blank, longer than {@code max}, with
     * surrounding spaces, or with a control character).
     */
    public static String text(
            JsonNode node, String field, int max, boolean required, String pointer, List<Problem> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(Problem.of("INVALID_FIELD", pointer, field + " is required"));
            }
            return null;
        }
        if (!value.isString()
                || value.asString().isBlank()
                || value.asString().length() > max
                || !value.asString().strip().equals(value.asString())) {
            problems.add(Problem.of(
                    "INVALID_FIELD",
                    pointer,
                    field + " must be text of 1 to " + max + " characters without surrounding spaces"));
            return null;
        }
        String text = value.asString();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                problems.add(controlCharacter(field, pointer, text, i));
                return null;
            }
        }
        return nonXml(field, pointer, text, problems) ? null : text;
    }

    /**
     * Free text that may span lines (a customer's reason): at most {@code max} characters, tabs and
     * line breaks allowed, no other control character — what a customer typed must never make the
     * contract's XML ill-formed, nor reach PostgreSQL, which refuses NUL in text.
     */
    public static String freeText(JsonNode node, String field, int max, String pointer, List<Problem> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString() || value.asString().length() > max) {
            problems.add(
                    Problem.of("INVALID_FIELD", pointer, field + " must be text of at most " + max + " characters"));
            return null;
        }
        return nonXml(field, pointer, value.asString(), problems) ? null : value.asString();
    }

    /**
     * A whole number from {@code min} to {@code max}, or null when absent or not one (then a problem
     * is added). Numbers too large for any integer type are refused like any other out of range.
     */
    public static Integer wholeNumber(
            JsonNode node, String field, int min, int max, String pointer, List<Problem> problems) {
        JsonNode value = node.get(field);
        if (value == null
                || !value.isIntegralNumber()
                || !value.canConvertToInt()
                || value.asInt() < min
                || value.asInt() > max) {
            problems.add(
                    Problem.of("INVALID_FIELD", pointer, field + " must be a whole number from " + min + " to " + max));
            return null;
        }
        return value.asInt();
    }

    /** The earliest and latest instants a query may name: four-digit years, as every database here stores them. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * An ISO-8601 instant of a query parameter, or empty when it is not one or lies outside years
     * 1 to 9999 (Java reads {@code +1000000000-12-31T23:59:59Z}; no database column holds it).
     */
    public static Optional<Instant> instant(String value) {
        try {
            Instant instant = Instant.parse(value);
            return instant.isBefore(FIRST) || instant.isAfter(LAST) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean nonXml(String field, String pointer, String text, List<Problem> problems) {
        int at = Text.firstNonXmlCharacter(text);
        if (at >= 0) {
            problems.add(controlCharacter(field, pointer, text, at));
            return true;
        }
        return false;
    }

    private static Problem controlCharacter(String field, String pointer, String text, int at) {
        return Problem.of(
                "INVALID_FIELD",
                pointer,
                field
                        + " must not hold control characters: U+%04X at position %d"
                                .formatted((int) text.charAt(at), at + 1));
    }
}
