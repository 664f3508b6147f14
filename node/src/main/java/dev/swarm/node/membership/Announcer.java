package dev.swarm.node.membership;

import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.Outbox;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Store;
import java.time.Clock;
import java.util.List;

/** Builds the master's membership announcements and queues them to the members who must hear them. */
public final class Announcer {
    private final Identity identity;
    private final Envelopes envelopes;
    private final Clock clock;

    public Announcer(Identity identity, Envelopes envelopes, Clock clock) {
        this.identity = identity;
        this.envelopes = envelopes;
        this.clock = clock;
    }

    /**
     * Queues {@code member_joined} (with the new member's public key) to every member but the master
     * and the joiner, in the caller's transaction; returns what was queued, to dispatch.
     */
    public Outbox.Queued memberJoined(Store store, String swarmId, Member joined) {
        var body = SystemMessage.body(SystemMessage.MEMBER_JOINED, joined.agentId());
        body.put("swarm_id", swarmId);
        body.put("endpoint", joined.endpoint());
        body.put("joined_at", joined.joinedAt());
        body.put("public_key", joined.publicKey());
        Envelope envelope = envelopes.build(Envelopes.Draft.system(swarmId, Identifiers.BROADCAST, Json.toText(body)));
        List<Member> recipients = store.members().list(swarmId).stream()
                .filter(m -> !m.agentId().equals(identity.agentId()) && !m.agentId().equals(joined.agentId()))
                .toList();
        return Outbox.enqueue(store, envelope, recipients, Timestamps.format(clock.instant()));
    }
}
