package dev.swarm.node.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code sent_messages} table: every message this node sent, once, with its envelope. */
public final class SentMessageRepository {
    private final Handle handle;

    SentMessageRepository(Handle handle) {
        this.handle = handle;
    }

    public void record(String messageId, String swarmId, String envelope, String createdAt, boolean hasReferences) {
        handle.createUpdate("""
                INSERT INTO sent_messages (message_id, swarm_id, envelope, created_at, has_references)
                VALUES (:messageId, :swarmId, :envelope, :createdAt, :refs)
                ON CONFLICT (message_id) DO NOTHING""")
                .bind("messageId", messageId).bind("swarmId", swarmId).bind("envelope", envelope)
                .bind("createdAt", createdAt).bind("refs", hasReferences ? 1 : 0).execute();
    }

    /** Envelopes of this node's messages in a swarm that reference something (issues, pull requests...). */
    public List<String> withReferences(String swarmId) {
        return handle.createQuery("""
                SELECT envelope FROM sent_messages WHERE swarm_id = :swarmId AND has_references = 1
                ORDER BY created_at, message_id""")
                .bind("swarmId", swarmId).mapTo(String.class).list();
    }

    /** A message this node sent: where, and to whom ({@code broadcast} or an agent id). */
    public record Sent(String messageId, String swarmId, String recipient) {
    }

    /** The message this node sent with this id. */
    public Optional<Sent> find(String messageId) {
        return handle.createQuery("SELECT swarm_id, envelope FROM sent_messages WHERE message_id = :messageId")
                .bind("messageId", messageId)
                .map((rs, ctx) -> {
                    JsonNode envelope = Json.readTree(rs.getString("envelope"));
                    return new Sent(messageId, rs.getString("swarm_id"), envelope.path("recipient").asText());
                })
                .findOne();
    }
}
