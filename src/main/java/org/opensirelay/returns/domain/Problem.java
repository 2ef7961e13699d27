package org.opensirelay.returns.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reason a request is refused, as listed in an {@code application/problem+json} answer.
 *
 * @param code    a stable name of the rule (e.g. {@code RETURN_PERIOD_OVER})
 * @param pointer where in the request (a JSON pointer, e.g. {@code /lines/1/quantity}), or "" for the whole
 * @param detail  a sentence for a person
 * @param values  what the rule measured (e.g. {@code lastAllowedDay}, {@code remaining})
 */
public record Problem(String code, String pointer, String detail, Map<String, Object> values) {

    public Problem {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    public static Problem of(String code, String pointer, String detail) {
        return new Problem(code, pointer, detail, Map.of());
    }

    public Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(values);
        more.put(name, value);
        return new Problem(code, pointer, detail, more);
    }
}
