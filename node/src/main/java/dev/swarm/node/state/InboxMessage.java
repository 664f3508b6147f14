package dev.swarm.node.state;

/** A received message as stored: the envelope's fields plus our status and receive time. */
public record InboxMessage(long id, String swarmId, String messageId, String senderId, String senderEndpoint,
                           String recipient, String type, String content, String priority, String sentAt,
                           String receivedAt, String inReplyTo, String threadId, String expiresAt,
                           String referencesJson, String envelope, String status) {
}
