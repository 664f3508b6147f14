package dev.swarm.node.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.swarm.node.messaging.PeerText;
import dev.swarm.node.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tool results as plain maps, written with the node's Jackson configuration (snake_case, unset fields
 * left out), so the records the CLI prints are the shapes the tools return, whatever JSON library
 * the MCP SDK serialises them with. Every string, names of fields included, is escaped with
 * {@link PeerText} on the way: whatever a peer wrote (a message, a swarm name, an error it answered),
 * no invisible character reaches the model. A JSON escape would not do: the client decodes it.
 */
final class Results {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private Results() {
    }

    static Map<String, Object> fields(Object result) {
        return Json.mapper().convertValue(visible(Json.mapper().valueToTree(result)), MAP);
    }

    /** A copy of {@code node} with every string escaped ({@link PeerText#escape}). */
    static JsonNode visible(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return node;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(PeerText.escape(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> copy.add(visible(item)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(PeerText.escape(field.getKey()), visible(field.getValue())));
            return copy;
        }
        return node;
    }

    /** The result's fields plus one more, left out when {@code value} is null. */
    static Map<String, Object> with(Object result, String name, Object value) {
        Map<String, Object> fields = fields(result);
        if (value != null) {
            fields.put(name, value);
        }
        return fields;
    }
}
