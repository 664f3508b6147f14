package dev.swarm.node.mcp;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The arguments of one tool call, read against the tool's input schema: a name the schema does not
 * list, a value of the wrong type or out of range is refused with {@code INVALID_ARGUMENT} naming the
 * argument ({@code details.field}), so an agent can correct its call. The SDK's own schema check is
 * off: this is the one place that decides, with messages written for the agent.
 */
public final class Arguments {
    private final Map<String, Object> values;

    private Arguments(Map<String, Object> values) {
        this.values = values;
    }

    /** Checks that every argument given is one the schema lists; null arguments count as none. */
    public static Arguments of(Map<String, Object> given, InputSchema schema) {
        Map<String, Object> values = given == null ? Map.of() : given;
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(schema.names());
        if (!unknown.isEmpty()) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, "unknown argument" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; this tool takes " + String.join(", ", schema.names()),
                    Map.of("field", unknown.iterator().next()));
        }
        for (String required : schema.required()) {
            Object value = values.get(required);
            if (value == null || value instanceof String text && text.isBlank()) {
                throw invalid(required, "argument '" + required + "' is required: " + schema.describe(required));
            }
        }
        return new Arguments(values);
    }

    /** A string argument, or null when absent; an empty or blank string counts as absent. */
    public String string(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid(name, "argument '" + name + "' must be a string");
        }
        return text.isBlank() ? null : text;
    }

    /** A string argument that must be present and not blank. */
    public String requiredString(String name) {
        String value = string(name);
        if (value == null) {
            throw invalid(name, "argument '" + name + "' must not be empty");
        }
        return value;
    }

    /** A whole number within {@code min..max}, or {@code fallback} when absent. */
    public int integer(String name, int fallback, int min, int max) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                || Double.isInfinite(number.doubleValue())) {
            throw invalid(name, "argument '" + name + "' must be a whole number");
        }
        double whole = number.doubleValue();
        if (whole < min || whole > max) {
            throw invalid(name, "argument '" + name + "' must be between " + min + " and " + max);
        }
        return (int) whole;
    }

    /** A boolean, or {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            throw invalid(name, "argument '" + name + "' must be true or false");
        }
        return flag;
    }

    /** An array argument as given, or null when absent. */
    public List<?> list(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(name, "argument '" + name + "' must be an array");
        }
        return list;
    }

    static SwarmException invalid(String field, String message) {
        return new SwarmException(ErrorCode.INVALID_ARGUMENT, message, Map.of("field", field));
    }
}
