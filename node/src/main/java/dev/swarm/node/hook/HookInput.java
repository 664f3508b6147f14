package dev.swarm.node.hook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a hook's client said on its standard input, as far as the node cares: a few top-level fields
 * (the event's name, the prompt a user submitted, whether a Stop hook is already continuing the turn,
 * the kind of a notification). Read with a streaming parser that keeps what it read before the first
 * error, because the hook passes on at most {@link #MAX_BYTES} of input (a PostToolUse input carries
 * the tool's whole output) and the rest is cut off; everything else is skipped without being built.
 */
public record HookInput(Map<String, String> strings, Map<String, Boolean> booleans, List<String> inputMessages) {
    /** The most input a hook passes on to the node; the prompt, when there is one, comes first. */
    public static final int MAX_BYTES = 262_144;
    static final int MAX_STRING = 65_536;
    private static final JsonFactory FACTORY = JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(MAX_BYTES).build()).build();

    public static final HookInput EMPTY = new HookInput(Map.of(), Map.of(), List.of());

    public static HookInput parse(byte[] body) {
        Map<String, String> strings = new LinkedHashMap<>();
        Map<String, Boolean> booleans = new LinkedHashMap<>();
        List<String> messages = new java.util.ArrayList<>();
        if (body == null || body.length == 0) {
            return EMPTY;
        }
        try (JsonParser parser = FACTORY.createParser(body, 0, Math.min(body.length, MAX_BYTES))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return EMPTY;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    strings.put(name, shorten(parser.getText()));
                } else if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    booleans.put(name, value == JsonToken.VALUE_TRUE);
                } else if (value == JsonToken.START_ARRAY && "input-messages".equals(name)) {
                    while (parser.nextToken() == JsonToken.VALUE_STRING) {
                        messages.add(shorten(parser.getText()));
                    }
                    if (parser.currentToken() != JsonToken.END_ARRAY) {
                        parser.skipChildren();
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // cut off or malformed: what was read so far stands
        }
        return new HookInput(Map.copyOf(strings), Map.copyOf(booleans), List.copyOf(messages));
    }

    public Optional<String> string(String field) {
        return Optional.ofNullable(strings.get(field));
    }

    public boolean flag(String field) {
        return Boolean.TRUE.equals(booleans.get(field));
    }

    private static String shorten(String text) {
        return text.length() <= MAX_STRING ? text : text.substring(0, MAX_STRING);
    }
}
