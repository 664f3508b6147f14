package dev.swarm.node.messaging;

import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Priority;
import dev.swarm.node.protocol.Reference;
import java.util.List;
import java.util.Map;

/** What {@code swarm send} asks for. {@code to} null means broadcast; {@code swarm} null means resolve it. */
public record SendRequest(String swarm, String to, String content, MessageType type, Priority priority,
                          String inReplyTo, String threadId, List<Reference> references,
                          Map<String, Object> metadata) {

    public static SendRequest text(String swarm, String to, String content) {
        return new SendRequest(swarm, to, content, MessageType.MESSAGE, null, null, null, null, null);
    }
}
