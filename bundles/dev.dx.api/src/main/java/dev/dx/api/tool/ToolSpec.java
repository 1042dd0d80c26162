package dev.dx.api.tool;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the model is told about a tool.
 *
 * @param name        the name, {@code [a-z][a-z0-9_]{0,63}}
 * @param description what it does and when to use it
 * @param parameters  the JSON Schema of its arguments (an object schema), JSON-ready
 * @since 0.1
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** Checks the name and that the parameters are an object schema. */
    public ToolSpec {
        Objects.requireNonNull(name, "name must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Tool name '" + name + "' must match [a-z][a-z0-9_]{0,63}");
        }
        description = description == null ? "" : description;
        parameters = parameters == null ? Map.of("type", "object", "properties", Map.of()) : parameters;
    }
}
