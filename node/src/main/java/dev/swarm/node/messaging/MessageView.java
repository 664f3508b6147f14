package dev.swarm.node.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Sender;
import dev.swarm.node.state.InboxMessage;
import dev.swarm.node.state.Mute;
import dev.swarm.node.state.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A received message as commands and the local API show it: the envelope's fields (sender,
 * content, type, priority, timestamps, references) plus our status and receive time, and whether its
 * sender or swarm is muted now (worked out when it is read, so muting applies to what is already here).
 *
 * <p>What the signature does not vouch for is said, not hidden (PROTOCOL.md 3): {@code signature} is
 * the recipe that was verified when the message arrived ({@code envelope}, the full-envelope signature
 * over every field, or {@code legacy}, which covers only message_id, timestamp, swarm_id, recipient,
 * type and content), and {@code unverified_fields} names the fields this message carries that its
 * signature does not cover; anyone who relayed the message could have changed them. The sender's
 * endpoint is the one of the member record, not the message's, whenever this node has that record.
 */
public record MessageView(String messageId, String swarmId, Sender sender, String recipient, String type,
                          String content, String priority, String timestamp, String receivedAt, String status,
                          String inReplyTo, String threadId, String expiresAt, JsonNode references,
                          JsonNode attachments, JsonNode metadata, boolean muted, String surfacedAt,
                          String wakeNote, String signature, List<String> unverifiedFields) {
    /** {@code signature}: the full-envelope signature (PROTOCOL.md 8.2) was verified; it covers every field. */
    public static final String ENVELOPE_SIGNATURE = "envelope";
    /** {@code signature}: only the legacy signature (PROTOCOL.md 3) was verified. */
    public static final String LEGACY_SIGNATURE = "legacy";
    /** The optional fields the legacy recipe leaves out, in the wire's names ({@code sender.endpoint} aside). */
    private static final List<String> LEGACY_UNCOVERED = List.of("priority", "in_reply_to", "thread_id", "expires_at",
            "references", "attachments", "metadata");

    public MessageView {
        unverifiedFields = List.copyOf(unverifiedFields);
    }

    public static MessageView of(InboxMessage m, Mutes mutes, Senders senders) {
        JsonNode envelope = Json.readTree(m.envelope());
        boolean full = present(envelope.get("envelope_signature")) != null;
        String recorded = senders.endpoint(m.swarmId(), m.senderId());
        List<String> unverified = new ArrayList<>();
        if (!full) {
            if (recorded == null) {
                unverified.add("sender.endpoint");
            }
            for (String field : LEGACY_UNCOVERED) {
                if (present(envelope.get(field)) != null) {
                    unverified.add(field);
                }
            }
        }
        return new MessageView(m.messageId(), m.swarmId(), new Sender(m.senderId(),
                recorded != null ? recorded : m.senderEndpoint()), m.recipient(), m.type(), m.content(), m.priority(),
                m.sentAt(), m.receivedAt(), m.status(), m.inReplyTo(), m.threadId(), m.expiresAt(),
                present(envelope.get("references")), present(envelope.get("attachments")),
                present(envelope.get("metadata")), mutes.covers(m.senderId(), m.swarmId()), m.surfacedAt(),
                m.wakeNote(), full ? ENVELOPE_SIGNATURE : LEGACY_SIGNATURE, unverified);
    }

    /** True when the signature vouches for this message's priority (so it may make a wake urgent). */
    public boolean prioritySigned() {
        return !unverifiedFields.contains("priority");
    }

    /**
     * The endpoints this node records for the senders of some messages, so a view shows where the
     * member is, not where a message said it was.
     */
    public record Senders(Map<String, String> endpoints) {
        public static final Senders NONE = new Senders(Map.of());

        /** The member records of the senders of {@code messages} (one query per swarm among them). */
        public static Senders of(Store store, Collection<InboxMessage> messages) {
            Map<String, String> endpoints = new HashMap<>();
            messages.stream().map(InboxMessage::swarmId).distinct().forEach(swarmId ->
                    store.members().list(swarmId).forEach(member ->
                            endpoints.put(key(swarmId, member.agentId()), member.endpoint())));
            return new Senders(endpoints);
        }

        /** The recorded endpoint of {@code agentId} in {@code swarmId}, or null when it is not a member now. */
        public String endpoint(String swarmId, String agentId) {
            return endpoints.get(key(swarmId, agentId));
        }

        private static String key(String swarmId, String agentId) {
            return swarmId + " " + agentId;
        }
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
