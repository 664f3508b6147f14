package dev.swarm.node.messaging;

import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.OutboxRepository;
import dev.swarm.node.state.Store;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Puts a signed envelope in the outbox: one row per recipient, in the caller's transaction. */
public final class Outbox {
    private Outbox() {
    }

    public static List<Long> enqueue(Store store, Envelope envelope, List<Member> recipients, String createdAt) {
        String body = new String(EnvelopeCodec.toBytes(envelope), StandardCharsets.UTF_8);
        List<OutboxRepository.NewRow> rows = recipients.stream()
                .map(member -> new OutboxRepository.NewRow(envelope.messageId(), envelope.swarmId(),
                        member.agentId(), member.endpoint(), body, createdAt))
                .toList();
        return store.outbox().insert(rows);
    }
}
