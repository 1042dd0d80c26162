package dev.dx.tools.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the small JSON Schemas the tools show the model. */
public final class Schemas {
    private Schemas() {
    }

    /** @return an object schema that refuses properties it does not list */
    public static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    public static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    public static Map<String, Object> integer(String description, long min, long max) {
        return Map.of("type", "integer", "description", description, "minimum", min, "maximum", max);
    }

    public static Map<String, Object> stringArray(String description) {
        return Map.of("type", "array", "items", Map.of("type", "string"), "description", description);
    }

    public static Map<String, Object> stringMap(String description) {
        return Map.of("type", "object", "additionalProperties", Map.of("type", "string"), "description", description);
    }

    /** @return properties in the order given (the model reads them in that order) */
    public static Map<String, Object> props(Object... nameThenSchema) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSchema.length; i += 2) {
            props.put((String) nameThenSchema[i], nameThenSchema[i + 1]);
        }
        return props;
    }
}
