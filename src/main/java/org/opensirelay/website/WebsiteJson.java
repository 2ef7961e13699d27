package org.opensirelay.website;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.opensirelay.website.WebsitesProperties.WebsiteConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A website's settings as JSON, the same names as {@code relay.websites[N]} in camelCase (durations
 * as ISO-8601, {@code PT10M}): what the admin API takes and shows, and what the {@code website.settings}
 * column keeps (without secrets). Bodies are merged onto what is there as a JSON merge patch (RFC 7396):
 * a field sent replaces, {@code null} resets to the default, a field left out stays.
 */
public final class WebsiteJson {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    /** As shown to operators: what is unset is left out. */
    private static final JsonMapper SHOWN = JSON.rebuild()
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private WebsiteJson() {}

    static String write(WebsiteConfig config) {
        return JSON.writeValueAsString(config);
    }

    static WebsiteConfig read(String json) {
        return JSON.readValue(json, WebsiteConfig.class);
    }

    /** The settings as a tree, secrets and unset fields left out. */
    public static ObjectNode tree(WebsiteConfig config) {
        return (ObjectNode) SHOWN.valueToTree(WebsiteRules.withoutSecrets(config));
    }

    /**
     * {@code patch} merged onto {@code base} (RFC 7396) and read as settings; a body that does not
     * fit (an unknown field, a text where a number goes) is refused naming the field.
     */
    static WebsiteConfig merged(WebsiteConfig base, JsonNode patch) throws WebsiteChangeRefused {
        if (patch == null || !patch.isObject()) {
            throw WebsiteChangeRefused.invalid("the body must be a JSON object of the website's settings");
        }
        ObjectNode tree = (ObjectNode) JSON.valueToTree(base);
        ObjectNode defaults = (ObjectNode) JSON.valueToTree(WebsiteRules.DEFAULTS);
        merge(tree, (ObjectNode) patch, defaults);
        try {
            return JSON.treeToValue(tree, WebsiteConfig.class);
        } catch (JacksonException e) {
            StringBuilder field = new StringBuilder("website");
            for (JacksonException.Reference reference : e.getPath()) {
                field.append(
                        reference.getPropertyName() != null
                                ? "." + reference.getPropertyName()
                                : "[" + reference.getIndex() + "]");
            }
            throw WebsiteChangeRefused.invalid(field + ": " + e.getOriginalMessage());
        }
    }

    private static void merge(ObjectNode target, ObjectNode patch, JsonNode defaults) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.properties().iterator(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            JsonNode fallback = defaults == null ? null : defaults.get(name);
            if (value.isNull()) {
                if (fallback == null) {
                    target.remove(name);
                } else {
                    target.set(name, fallback.deepCopy());
                }
            } else if (value.isObject() && target.get(name) instanceof ObjectNode inner) {
                merge(inner, (ObjectNode) value, fallback);
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }
}
