package dev.swarm.node.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool's input: a JSON Schema object (draft 2020-12, no additional properties) built one argument
 * at a time, so the schema the client sees and the names {@link Arguments} accepts are the same list.
 */
public final class InputSchema {
    private final Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    public InputSchema string(String name, String description) {
        return add(name, property("string", description));
    }

    public InputSchema requiredString(String name, String description) {
        required.add(name);
        return add(name, property("string", description));
    }

    public InputSchema choice(String name, String description, String fallback, String... choices) {
        Map<String, Object> property = property("string", description);
        property.put("enum", List.of(choices));
        property.put("default", fallback);
        return add(name, property);
    }

    /** A string that must be given and be one of {@code choices}. */
    public InputSchema requiredChoice(String name, String description, String... choices) {
        Map<String, Object> property = property("string", description);
        property.put("enum", List.of(choices));
        required.add(name);
        return add(name, property);
    }

    public InputSchema integer(String name, String description, int fallback, int min, int max) {
        Map<String, Object> property = property("integer", description);
        property.put("minimum", min);
        property.put("maximum", max);
        property.put("default", fallback);
        return add(name, property);
    }

    public InputSchema bool(String name, String description, boolean fallback) {
        Map<String, Object> property = property("boolean", description);
        property.put("default", fallback);
        return add(name, property);
    }

    /** An array whose items follow {@code items} (itself a JSON Schema). */
    public InputSchema array(String name, String description, Map<String, Object> items) {
        Map<String, Object> property = property("array", description);
        property.put("items", items);
        return add(name, property);
    }

    /** The argument names, in the order they were declared. */
    public Set<String> names() {
        return properties.keySet();
    }

    public List<String> required() {
        return List.copyOf(required);
    }

    /** The description of one argument (for error messages). */
    public String describe(String name) {
        Map<String, Object> property = properties.get(name);
        return property == null ? "" : String.valueOf(property.get("description"));
    }

    /** The schema as plain maps and lists, the form the MCP SDK serialises. */
    public Map<String, Object> toMap() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", new LinkedHashMap<>(properties));
        if (!required.isEmpty()) {
            schema.put("required", List.copyOf(required));
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private InputSchema add(String name, Map<String, Object> property) {
        if (properties.putIfAbsent(name, property) != null) {
            throw new IllegalArgumentException("argument " + name + " declared twice");
        }
        return this;
    }

    private static Map<String, Object> property(String type, String description) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("type", type);
        property.put("description", description);
        return property;
    }
}
