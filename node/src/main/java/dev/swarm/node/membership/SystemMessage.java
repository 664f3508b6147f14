package dev.swarm.node.membership;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * The older reference implementation builds kick and leave content by string concatenation:
     * {@code {"action":"kicked","agent_id":"<id>","reason":"<reason as typed>"}}. A reason with a
     * {@code "} makes it invalid JSON, or valid JSON with a second {@code agent_id}. That exact shape is
     * read here: action and agent id from the fixed prefix (an agent id cannot hold a quote), the reason
     * verbatim, so no reason can change the action or the agent.
     */
    private static final Pattern CONCATENATED = Pattern.compile(
            "\\{\"action\":\"(kicked|member_kicked|member_left)\",\"agent_id\":\"([A-Za-z0-9_.-]{1,256})\""
                    + "(?:,\"reason\":\"(.*)\")?}", Pattern.DOTALL);
    private static final ObjectReader STRICT = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    public static SystemMessage parse(String content) {
        Matcher concatenated = CONCATENATED.matcher(content);
        if (concatenated.matches() && Identifiers.isAgentId(concatenated.group(2))) {
            // the reference's own shape: read as it was built, whatever the reason holds
            ObjectNode body = body(concatenated.group(1), concatenated.group(2));
            if (concatenated.group(3) != null) {
                body.put("reason", concatenated.group(3));
            }
            return new SystemMessage(concatenated.group(1), concatenated.group(2), body);
        }
        JsonNode node;
        try {
            // a key given twice is refused, not resolved: otherwise injected text could pick the last one
            node = STRICT.readTree(content);
        } catch (IOException | RuntimeException e) {
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
