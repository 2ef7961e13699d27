package org.opensirelay.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A change's detail as people read it: the settings a website was created or changed with are kept
 * as JSON in the audit, and the console showed that JSON raw ({"code":"SHOP7","shop":{"url":…}}).
 * An object reads as one {@code field.path: value} per line; anything else is shown as it is.
 */
public final class AuditDetail {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditDetail() {}

    public static String readable(String detail) {
        if (detail == null || !detail.strip().startsWith("{")) {
            return detail;
        }
        JsonNode node;
        try {
            node = JSON.readTree(detail);
        } catch (JacksonException notJson) {
            return detail;
        }
        List<String> lines = new ArrayList<>();
        flatten("", node, lines);
        return lines.isEmpty() ? detail : String.join("\n", lines);
    }

    private static void flatten(String path, JsonNode node, List<String> lines) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), lines);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.isValueNode() ? item.asString() : item.toString()));
            if (!items.isEmpty()) {
                lines.add(path + ": " + String.join(", ", items));
            }
        } else if (!node.isNull()) {
            lines.add(path + ": " + node.asString());
        }
    }
}
