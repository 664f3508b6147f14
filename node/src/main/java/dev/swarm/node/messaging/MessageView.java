package dev.swarm.node.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Sender;
import dev.swarm.node.state.InboxMessage;
import dev.swarm.node.state.Mute;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A received message as commands and the local API show it: the envelope's fields (sender,
 * content, type, priority, timestamps, references) plus our status and receive time, and whether its
 * sender or swarm is muted now (worked out when it is read, so muting applies to what is already here).
 */
public record MessageView(String messageId, String swarmId, Sender sender, String recipient, String type,
                          String content, String priority, String timestamp, String receivedAt, String status,
                          String inReplyTo, String threadId, String expiresAt, JsonNode references,
                          JsonNode attachments, JsonNode metadata, boolean muted, String surfacedAt,
                          String wakeNote) {

    public static MessageView of(InboxMessage m, Mutes mutes) {
        JsonNode envelope = Json.readTree(m.envelope());
        return new MessageView(m.messageId(), m.swarmId(), new Sender(m.senderId(), m.senderEndpoint()),
                m.recipient(), m.type(), m.content(), m.priority(), m.sentAt(), m.receivedAt(), m.status(),
                m.inReplyTo(), m.threadId(), m.expiresAt(), present(envelope.get("references")),
                present(envelope.get("attachments")), present(envelope.get("metadata")),
                mutes.covers(m.senderId(), m.swarmId()), m.surfacedAt(), m.wakeNote());
    }

    /** The agents and swarms muted at the time of reading. */
    public record Mutes(Set<String> agents, Set<String> swarms) {
        public static final Mutes NONE = new Mutes(Set.of(), Set.of());

        public static Mutes of(List<Mute> mutes) {
            Set<String> agents = new HashSet<>();
            Set<String> swarms = new HashSet<>();
            for (Mute mute : mutes) {
                (Mute.AGENT.equals(mute.kind()) ? agents : swarms).add(mute.target());
            }
            return new Mutes(Set.copyOf(agents), Set.copyOf(swarms));
        }

        public boolean covers(String senderId, String swarmId) {
            return agents.contains(senderId) || swarms.contains(swarmId);
        }
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
