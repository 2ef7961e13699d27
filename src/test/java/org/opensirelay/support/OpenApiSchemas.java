package org.opensirelay.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/** The committed OpenAPI document's schemas, to hold real answers to: every required field there, none undescribed. */
public final class OpenApiSchemas {

    private static final Path DOCUMENT = Path.of("src/main/resources/static/openapi/openapi.yaml");

    private OpenApiSchemas() {}

    @SuppressWarnings("unchecked")
    public static void assertMatches(Map<String, Object> document, String schemaName, JsonNode answer) {
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, Object> schema = (Map<String, Object>) schemas.get(schemaName);
        assertThat(schema).as("schema " + schemaName).isNotNull();
        List<String> required = (List<String>) schema.getOrDefault("required", List.of());
        Set<String> properties = ((Map<String, Object>) schema.get("properties")).keySet();
        List<String> fields = new ArrayList<>(answer.propertyNames());
        assertThat(fields).as(schemaName + ": every required field is there").containsAll(required);
        assertThat(properties)
                .as(schemaName + ": no field the document does not describe")
                .containsAll(fields);
    }

    /** The document as committed (the relay serves this file). */
    public static void assertMatches(String schemaName, JsonNode answer) {
        try {
            assertMatches(new Yaml().load(Files.readString(DOCUMENT)), schemaName, answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
