package dev.swarm.node.messaging;

import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.OutboxRepository;
import dev.swarm.node.state.Store;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts a signed envelope in the outbox: one row per recipient, in the caller's transaction, and keeps
 * the message once in {@code sent_messages} (also when there is no recipient).
 */
public final class Outbox {
    private Outbox() {
    }

    /** The rows queued and the peers (endpoints) they go to. */
    public record Queued(List<Long> rowIds, Set<String> peers) {
        public static final Queued NONE = new Queued(List.of(), Set.of());

        /** Both sets of rows (two messages queued in one transaction), to dispatch together. */
        public Queued and(Queued other) {
            List<Long> rows = new ArrayList<>(rowIds);
            rows.addAll(other.rowIds());
            Set<String> both = new LinkedHashSet<>(peers);
            both.addAll(other.peers());
            return new Queued(List.copyOf(rows), both);
        }
    }

    public static Queued enqueue(Store store, Envelope envelope, List<Member> recipients, String createdAt) {
        String body = new String(EnvelopeCodec.toBytes(envelope), StandardCharsets.UTF_8);
        List<OutboxRepository.NewRow> rows = recipients.stream()
                .map(member -> new OutboxRepository.NewRow(envelope.messageId(), envelope.swarmId(),
                        member.agentId(), member.endpoint(), body, createdAt))
                .toList();
        Set<String> peers = new LinkedHashSet<>();
        recipients.forEach(member -> peers.add(member.endpoint()));
        store.sentMessages().record(envelope.messageId(), envelope.swarmId(), body, createdAt,
                envelope.references() != null && !envelope.references().isEmpty());
        return new Queued(store.outbox().insert(rows), peers);
    }
}
