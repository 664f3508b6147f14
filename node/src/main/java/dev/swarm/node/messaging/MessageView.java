package dev.swarm.node.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Sender;
import dev.swarm.node.state.InboxMessage;

/**
 * A received message as commands and the local API show it: the envelope's fields (sender,
 * content, type, priority, timestamps, references) plus our status and receive time.
 */
public record MessageView(String messageId, String swarmId, Sender sender, String recipient, String type,
                          String content, String priority, String timestamp, String receivedAt, String status,
                          String inReplyTo, String threadId, String expiresAt, JsonNode references,
                          JsonNode attachments, JsonNode metadata) {

    public static MessageView of(InboxMessage m) {
        JsonNode envelope = Json.readTree(m.envelope());
        return new MessageView(m.messageId(), m.swarmId(), new Sender(m.senderId(), m.senderEndpoint()),
                m.recipient(), m.type(), m.content(), m.priority(), m.sentAt(), m.receivedAt(), m.status(),
                m.inReplyTo(), m.threadId(), m.expiresAt(), present(envelope.get("references")),
                present(envelope.get("attachments")), present(envelope.get("metadata")));
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
