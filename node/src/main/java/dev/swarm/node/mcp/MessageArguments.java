package dev.swarm.node.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.Addressing;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.JsonFields;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Priority;
import dev.swarm.node.protocol.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a message, shared by {@code swarm_send} and {@code swarm_request}. The recipient
 * is required ({@code broadcast} must be said), so a forgotten {@code to} never reaches every member.
 * What {@link dev.swarm.node.messaging.MessageService} checks (content size, ids) it keeps checking.
 */
final class MessageArguments {
    private MessageArguments() {
    }

    static InputSchema schema() {
        return new InputSchema()
                .requiredString("to", "Recipient: a member's agent_id (see swarm_members), \"role:NAME\" for every"
                        + " member holding that role (see swarm_who), or \"broadcast\" for every other member of the"
                        + " swarm.")
                .requiredString("message", "The text to send (plain text or Markdown; at most 65,536 characters"
                        + " unless the node is configured otherwise).")
                .string("swarm", "Swarm id, or a unique prefix of at least 4 characters. Leave it out when this node"
                        + " is in one swarm or has a default swarm (swarm_status lists them).")
                .choice("priority", "How urgent it is for the recipient: high wakes its agent at once (at a safe moment),"
                        + " normal reaches it at its next turn, low only when it looks at its inbox.",
                        "normal", "low", "normal", "high")
                .string("reply_to", "The message_id (a UUID) of the message this one answers; the recipient's"
                        + " swarm_request is waiting for exactly that. A reply carries the chain's depth: agents that"
                        + " keep answering each other are stopped from waking each other past a limit.")
                .string("thread", "A thread id (a UUID) that groups related messages; reuse the thread_id of the"
                        + " conversation you are in.")
                .array("references", "GitHub issues, pull requests, commits, repositories or URLs this message is"
                        + " about.", referenceSchema());
    }

    static SendRequest parse(Arguments arguments, String swarm) {
        String to = arguments.requiredString("to");
        String content = arguments.requiredString("message");
        String priorityWord = arguments.string("priority");
        Priority priority = priorityWord == null ? Priority.NORMAL : Priority.fromWire(priorityWord).orElseThrow(() ->
                Arguments.invalid("priority", "argument 'priority' must be low, normal or high"));
        String replyTo = uuid(arguments, "reply_to");
        String thread = uuid(arguments, "thread");
        String role = Addressing.roleOf(to);
        if (!Identifiers.BROADCAST.equals(to) && !Identifiers.isAgentId(role == null ? to : role)) {
            throw Arguments.invalid("to", "argument 'to' must be a member's agent_id (letters, digits, _ . -),"
                    + " role:NAME or \"broadcast\"");
        }
        return new SendRequest(swarm, Identifiers.BROADCAST.equals(to) ? null : to, content,
                MessageType.MESSAGE, priority, replyTo, thread, references(arguments.list("references")), null);
    }

    private static String uuid(Arguments arguments, String name) {
        String value = arguments.string(name);
        if (value != null && !Identifiers.isUuid(value)) {
            throw Arguments.invalid(name, "argument '" + name + "' must be a message or thread id: a lowercase UUID"
                    + " such as 0b9e1c9e-5f7a-4c1e-9a59-2f0c7d2d9b11");
        }
        return value;
    }

    /** Checked by the envelope's own rules, so what is accepted here is what a peer accepts. */
    private static List<Reference> references(List<?> given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        ObjectNode holder = Json.mapper().createObjectNode();
        holder.set("references", Json.toTree(given));
        try {
            return EnvelopeCodec.references(JsonFields.of(holder, "arguments"));
        } catch (SwarmException e) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, "argument " + e.getMessage()
                    .replaceFirst("^field ", ""), e.details());
        }
    }

    private static Map<String, Object> referenceSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", Map.of("enum", List.of("github_repo", "github_issue", "github_pr", "github_commit",
                "url")));
        properties.put("repo", Map.of("type", "string", "description", "owner/repo (all but url)"));
        properties.put("number", Map.of("type", "integer", "minimum", 1, "description",
                "issue or pull request number"));
        properties.put("sha", Map.of("type", "string", "description", "commit sha (github_commit)"));
        properties.put("url", Map.of("type", "string", "description", "the address (url)"));
        properties.put("action", Map.of("enum", List.of("claimed", "completed", "blocked", "unblocked", "assigned",
                "mention", "review_requested")));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "object");
        item.put("properties", properties);
        item.put("required", List.of("type"));
        return item;
    }
}
