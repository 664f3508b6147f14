package dev.swarm.node.state;

/** A received message as stored: the envelope's fields plus our status and receive time. */
public record InboxMessage(long id, String swarmId, String messageId, String senderId, String senderEndpoint,
                           String recipient, String type, String content, String priority, String sentAt,
                           String receivedAt, String inReplyTo, String threadId, String expiresAt,
                           String referencesJson, String envelope, String status, String surfacedAt,
                           String wakeNote) {

    /** A row about to be stored: no wake has shown it to the agent yet. */
    public InboxMessage(long id, String swarmId, String messageId, String senderId, String senderEndpoint,
                        String recipient, String type, String content, String priority, String sentAt,
                        String receivedAt, String inReplyTo, String threadId, String expiresAt,
                        String referencesJson, String envelope, String status) {
        this(id, swarmId, messageId, senderId, senderEndpoint, recipient, type, content, priority, sentAt, receivedAt,
                inReplyTo, threadId, expiresAt, referencesJson, envelope, status, null, null);
    }
}
