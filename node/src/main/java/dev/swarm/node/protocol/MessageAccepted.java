package dev.swarm.node.protocol;

/** The 200 answer to {@code POST {endpoint}/message}: {@code {"status":"queued","message_id":...}}. */
public record MessageAccepted(String status, String messageId) {
    public static MessageAccepted queued(String messageId) {
        return new MessageAccepted("queued", messageId);
    }
}
