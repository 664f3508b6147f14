package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Json;

/**
 * The content of a {@code system} message (PROTOCOL.md section 5): a JSON object, serialised as a
 * string, with at least {@code action} and {@code agent_id}. Always built with Jackson, never by
 * concatenating strings.
 */
public record SystemMessage(String action, String agentId, ObjectNode body) {
    public static final String MEMBER_JOINED = "member_joined";
    public static final String MEMBER_LEFT = "member_left";
    public static final String KICKED = "kicked";
    public static final String MEMBER_KICKED = "member_kicked";
    public static final String MASTER_TRANSFER = "master_transfer";
    public static final String MASTER_CHANGED = "master_changed";
    public static final String SWARM_DISSOLVED = "swarm_dissolved";

    public static SystemMessage parse(String content) {
        JsonNode node;
        try {
            node = Json.readTree(content);
        } catch (RuntimeException e) {
            throw SwarmException.invalidFormat("content", "system message content must be a JSON object");
        }
        if (!(node instanceof ObjectNode object)) {
            throw SwarmException.invalidFormat("content", "system message content must be a JSON object");
        }
        JsonNode action = object.get("action");
        JsonNode agentId = object.get("agent_id");
        if (action == null || !action.isTextual()) {
            throw SwarmException.invalidFormat("content.action", "system message content needs a string 'action'");
        }
        if (agentId == null || !agentId.isTextual() || !Identifiers.isAgentId(agentId.textValue())) {
            throw SwarmException.invalidFormat("content.agent_id",
                    "system message content needs 'agent_id', an agent id");
        }
        return new SystemMessage(action.textValue(), agentId.textValue(), object);
    }

    /** Starts a system message body with {@code action} and {@code agent_id}; add the extra keys to it. */
    public static ObjectNode body(String action, String agentId) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("action", action);
        body.put("agent_id", agentId);
        return body;
    }

    public String text(String key) {
        JsonNode value = body.get(key);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    public String requireText(String key) {
        String value = text(key);
        if (value == null) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "system message '" + action + "' needs '" + key + "'",
                    java.util.Map.of("field", "content." + key));
        }
        return value;
    }

    public String content() {
        return Json.toText(body);
    }
}
