package dev.swarm.node.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * An agent's JSON settings file, read and written so that a merge keeps everything else as it was:
 * key order, values we do not know, and the usual two-space layout. A file with comments (which some
 * clients allow) is refused rather than rewritten without them.
 */
final class JsonConfig {
    private static final ObjectMapper STRICT = JsonMapper.builder().build();
    private static final ObjectMapper LENIENT = JsonMapper.builder().enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(JsonParser.Feature.ALLOW_TRAILING_COMMA).build();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private JsonConfig() {
    }

    /** The file's object (an empty one for a missing or empty file). */
    static ObjectNode parse(Path file, String text) {
        if (text == null || text.isBlank()) {
            return STRICT.createObjectNode();
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(text);
        } catch (IOException strict) {
            try {
                LENIENT.readTree(text);
            } catch (IOException e) {
                throw new SwarmException(ErrorCode.CONFIG_INVALID, file + " is not valid JSON (" + firstLine(e) + ");"
                        + " nothing was changed", null, e);
            }
            throw new SwarmException(ErrorCode.CONFIG_INVALID, file + " has comments or trailing commas, which"
                    + " rewriting it would lose; nothing was changed (add the settings by hand, see docs/agents.md)");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, file + " is not a JSON object; nothing was changed");
        }
        return object;
    }

    static String render(ObjectNode root) {
        try {
            return STRICT.writer(PRETTY).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The object at {@code key} of {@code parent}, made if absent; refuses a key holding something else. */
    static ObjectNode object(Path file, ObjectNode parent, String key) {
        JsonNode existing = parent.get(key);
        if (existing == null || existing.isNull()) {
            return parent.putObject(key);
        }
        if (!(existing instanceof ObjectNode object)) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, file + ": '" + key + "' is not an object; nothing was"
                    + " changed");
        }
        return object;
    }

    /** The array at {@code key} of {@code parent}, made if absent; refuses a key holding something else. */
    static ArrayNode array(Path file, ObjectNode parent, String key) {
        JsonNode existing = parent.get(key);
        if (existing == null || existing.isNull()) {
            return parent.putArray(key);
        }
        if (!(existing instanceof ArrayNode array)) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, file + ": '" + key + "' is not a list; nothing was"
                    + " changed");
        }
        return array;
    }

    /**
     * An edit of one JSON file by {@code change}. A file whose content does not change keeps its text as
     * it was (no reformatting); a file that does not exist and would stay empty is not created.
     */
    static ConfigEdit edit(Path file, Consumer<ObjectNode> change, String what) {
        String before = ConfigEdit.read(file);
        ObjectNode root = JsonConfig.parse(file, before);
        change.accept(root);
        String after = JsonConfig.render(root);
        if (before == null && root.isEmpty()) {
            after = null;
        }
        return new ConfigEdit(file, before, before != null && JsonConfig.parse(file, before).equals(root) ? before : after,
                List.of(what));
    }

    static ObjectNode newObject() {
        return STRICT.createObjectNode();
    }

    private static String firstLine(IOException e) {
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                ? json.getOriginalMessage() : e.getMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
