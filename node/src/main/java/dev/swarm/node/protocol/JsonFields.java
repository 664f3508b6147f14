package dev.swarm.node.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.SwarmException;
import java.util.function.Predicate;

/**
 * Reads fields of one JSON object and turns every shape problem into an {@code INVALID_FORMAT}
 * naming the field by its path, so a peer learns exactly what was wrong. A JSON {@code null} in an
 * optional field counts as absent (older peers send nulls; we never do).
 */
public final class JsonFields {
    private final ObjectNode node;
    private final String prefix;

    private JsonFields(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    public static JsonFields of(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new SwarmException(dev.swarm.node.error.ErrorCode.INVALID_FORMAT,
                    what + " must be a JSON object", java.util.Map.of("field", "$"));
        }
        return new JsonFields((ObjectNode) node, "");
    }

    public ObjectNode node() {
        return node;
    }

    public String path(String name) {
        return prefix + name;
    }

    public JsonFields object(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw missing(name);
        }
        if (!value.isObject()) {
            throw SwarmException.invalidFormat(path(name), "field '" + path(name) + "' must be an object");
        }
        return new JsonFields((ObjectNode) value, path(name) + ".");
    }

    public String string(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    public String string(String name, Predicate<String> rule, String expectation) {
        String value = string(name);
        check(name, value, rule, expectation);
        return value;
    }

    public String optionalString(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw SwarmException.invalidFormat(path(name), "field '" + path(name) + "' must be a string");
        }
        return value.textValue();
    }

    public String optionalString(String name, Predicate<String> rule, String expectation) {
        String value = optionalString(name);
        if (value != null) {
            check(name, value, rule, expectation);
        }
        return value;
    }

    public Long optionalInteger(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw SwarmException.invalidFormat(path(name), "field '" + path(name) + "' must be an integer");
        }
        return value.longValue();
    }

    /** The array under {@code name}, or null when absent; each element is checked by the caller. */
    public JsonNode optionalArray(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw SwarmException.invalidFormat(path(name), "field '" + path(name) + "' must be an array");
        }
        return value;
    }

    public ObjectNode optionalObject(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw SwarmException.invalidFormat(path(name), "field '" + path(name) + "' must be an object");
        }
        return (ObjectNode) value;
    }

    public JsonFields element(JsonNode array, int index, String arrayName) {
        JsonNode item = array.get(index);
        String itemPath = path(arrayName) + "[" + index + "]";
        if (!item.isObject()) {
            throw SwarmException.invalidFormat(itemPath, "field '" + itemPath + "' must be an object");
        }
        return new JsonFields((ObjectNode) item, itemPath + ".");
    }

    private void check(String name, String value, Predicate<String> rule, String expectation) {
        if (!rule.test(value)) {
            throw SwarmException.invalidFormat(path(name), "field '" + path(name) + "' must be " + expectation);
        }
    }

    private SwarmException missing(String name) {
        return SwarmException.invalidFormat(path(name), "field '" + path(name) + "' is required");
    }
}
