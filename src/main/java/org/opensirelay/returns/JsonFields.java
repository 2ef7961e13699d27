package org.opensirelay.returns;

import java.util.List;

import tools.jackson.databind.JsonNode;

/** Reading one text field of a JSON request, with the problem it makes when it is not what is asked. */
final class JsonFields {

    private JsonFields() {
    }

    /**
     * The text of {@code field}, or null when it is absent, null or not valid (then a problem is
     * added: required and missing, not text, blank, longer than {@code max}, or with surrounding spaces).
     */
    static String text(JsonNode node, String field, int max, boolean required, String pointer, List<Problem> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(Problem.of("INVALID_FIELD", pointer, field + " is required"));
            }
            return null;
        }
        if (!value.isString() || value.asString().isBlank() || value.asString().length() > max
                || !value.asString().strip().equals(value.asString())) {
            problems.add(Problem.of("INVALID_FIELD", pointer, field + " must be text of 1 to " + max
                    + " characters without surrounding spaces"));
            return null;
        }
        return value.asString();
    }
}
