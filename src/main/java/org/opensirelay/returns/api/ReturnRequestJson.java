package org.opensirelay.returns.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.opensirelay.returns.domain.JsonFields;
import org.opensirelay.returns.domain.Problem;
import org.opensirelay.returns.domain.ReturnRequest;
import tools.jackson.databind.JsonNode;

/** Reads a return request ({@code POST …/returns}) and lists every problem of its form. */
public final class ReturnRequestJson {

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

    private ReturnRequestJson() {}

    /** The request, or the problems of its form (eligibility is judged afterwards). */
    public record Parsed(ReturnRequest request, List<Problem> problems) {}

    public static Parsed parse(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Parsed(null, List.of(Problem.of("INVALID_FIELD", "", "the body must be a JSON object")));
        }
        String order = text(body, "webOrderNumber", 20, true, "/webOrderNumber", problems);
        String number = text(body, "webReturnNumber", 20, false, "/webReturnNumber", problems);
        String source = text(body, "source", 32, true, "/source", problems);
        if (source != null && !SOURCE.matcher(source).matches()) {
            problems.add(Problem.of(
                    "INVALID_FIELD", "/source", "source must be a lower-case name such as shop, channable or google"));
        }
        String externalId = text(body, "externalId", 128, false, "/externalId", problems);
        String reasonText = JsonFields.freeText(body, "reason", 2000, "/reason", problems);
        List<ReturnRequest.Line> lines = new ArrayList<>();
        JsonNode items = body.get("lines");
        if (items != null && !items.isNull() && !items.isArray()) {
            problems.add(Problem.of("INVALID_FIELD", "/lines", "lines must be an array"));
        } else if (items != null && items.isArray()) {
            for (int i = 0; i < items.size(); i++) {
                JsonNode line = items.get(i);
                String at = "/lines/" + i;
                if (!line.isObject()) {
                    problems.add(Problem.of("INVALID_FIELD", at, "each line must be an object"));
                    continue;
                }
                String lineId = text(line, "lineId", 64, false, at + "/lineId", problems);
                String reference = text(line, "reference", 64, false, at + "/reference", problems);
                String gtin = text(line, "gtin", 14, false, at + "/gtin", problems);
                Integer quantity =
                        JsonFields.wholeNumber(line, "quantity", -100_000, 100_000, at + "/quantity", problems);
                if (quantity == null) {
                    continue;
                }
                String reasonCode = text(line, "reasonCode", 64, false, at + "/reasonCode", problems);
                lines.add(new ReturnRequest.Line(lineId, reference, gtin, quantity, reasonCode));
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(new ReturnRequest(order, number, source, externalId, reasonText, lines), List.of());
    }

    private static String text(
            JsonNode node, String field, int max, boolean required, String pointer, List<Problem> problems) {
        return JsonFields.text(node, field, max, required, pointer, problems);
    }
}
