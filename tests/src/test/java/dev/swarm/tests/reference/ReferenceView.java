package dev.swarm.tests.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.support.RawClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * What the user of a reference peer sees, read the way its own tools read it: the swarms and members
 * from its {@code swarm list --members}, its mutes from {@code swarm status --verbose}, and its inbox
 * from its server's inbox API ({@code GET /api/inbox}, which its {@code swarm messages} calls).
 * ({@code swarm export} would give all three at once, but the reference's export fails as soon as its
 * outbox holds a sent message.)
 */
final class ReferenceView {
    private ReferenceView() {
    }

    static boolean inSwarm(ReferencePeer peer, String swarmId) {
        return swarm(peer, swarmId) != null;
    }

    /** Each member's endpoint, as the reference lists that swarm; empty when it is not in the swarm. */
    static Map<String, String> members(ReferencePeer peer, String swarmId) {
        Map<String, String> members = new LinkedHashMap<>();
        JsonNode swarm = swarm(peer, swarmId);
        if (swarm != null) {
            swarm.get("members").forEach(m -> members.put(m.get("agent_id").asText(), m.get("endpoint").asText()));
        }
        return members;
    }

    static List<String> mutedAgents(ReferencePeer peer) {
        return StreamSupport.stream(peer.json("status", "--verbose").get("muted_agent_ids").spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    /** That swarm's inbox at the reference (read, unread and archived; the newest 100), newest first. */
    static List<Received> inbox(ReferencePeer peer, String swarmId) {
        String url = peer.endpoint().replaceFirst("/swarm$", "") + "/api/inbox?status=all&limit=100&swarm_id="
                + URLEncoder.encode(swarmId, StandardCharsets.UTF_8);
        RawClient.Answer answer;
        try (RawClient http = new RawClient()) {
            answer = http.get(url);
        }
        assertThat(answer.status()).as("%s's inbox API: %s", peer.agentId(), answer.body()).isEqualTo(200);
        return StreamSupport.stream(answer.json().get("messages").spliterator(), false)
                .map(row -> new Received(row.get("message_id").asText(), row.get("swarm_id").asText(),
                        row.get("sender_id").asText(), row.path("recipient_id").asText(null),
                        row.get("message_type").asText(), row.get("status").asText(),
                        row.get("content_preview").asText()))
                .toList();
    }

    /** The rows of that swarm with this message id (the reference keys its inbox by message id alone). */
    static List<Received> received(ReferencePeer peer, String swarmId, String messageId) {
        return inbox(peer, swarmId).stream().filter(row -> row.messageId().equals(messageId)).toList();
    }

    private static JsonNode swarm(ReferencePeer peer, String swarmId) {
        for (JsonNode swarm : peer.json("list", "--members").get("swarms")) {
            if (swarm.get("swarm_id").asText().equals(swarmId)) {
                return swarm;
            }
        }
        return null;
    }

    /**
     * One inbox row. A message that came over the wire is stored as its envelope in TOON; a notice the
     * reference's server wrote itself (a join at its master) is stored as its JSON content.
     */
    record Received(String messageId, String swarmId, String senderId, String recipientId, String type,
                    String status, String stored) {
        boolean cameOverTheWire() {
            return stored.startsWith("protocol_version:");
        }

        /** The envelope as the reference's server parsed it (only the fields its model knows). */
        ObjectNode envelope() {
            return cameOverTheWire() ? Toon.read(stored) : JsonNodeFactory.instance.objectNode();
        }

        /** The message's text: the envelope's content, or what the server wrote for its own notices. */
        String content() {
            return cameOverTheWire() ? envelope().path("content").asText() : stored;
        }
    }
}
