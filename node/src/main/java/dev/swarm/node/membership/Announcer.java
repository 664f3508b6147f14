package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Set;

/**
 * Builds this node's membership announcements (PROTOCOL.md section 5) and queues them, in the caller's
 * transaction, to the members who must hear them. Content is built with Jackson
 * ({@link SystemMessage#body}); each method returns what it queued, for the caller to dispatch.
 */
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
     * {@code member_joined} (with the new member's public key and, our extension, its capabilities) to
     * every member but the master and the joiner.
     */
    public Outbox.Queued memberJoined(Store store, String swarmId, Member joined) {
        ObjectNode body = body(SystemMessage.MEMBER_JOINED, joined.agentId(), swarmId);
        body.put("endpoint", joined.endpoint());
        body.put("joined_at", joined.joinedAt());
        body.put("public_key", joined.publicKey());
        if (!joined.capabilities().isEmpty()) {
            joined.capabilities().forEach(body.putArray("capabilities")::add);
        }
        return broadcast(store, swarmId, body, Set.of(joined.agentId()));
    }

    /** {@code member_left} about ourselves, to every other member. */
    public Outbox.Queued memberLeft(Store store, String swarmId) {
        return broadcast(store, swarmId, body(SystemMessage.MEMBER_LEFT, identity.agentId(), swarmId), Set.of());
    }

    /** {@code kicked} to the kicked member and {@code member_kicked} to everyone else but us. */
    public Outbox.Queued kicked(Store store, String swarmId, Member kicked, String reason) {
        ObjectNode body = withReason(body(SystemMessage.KICKED, kicked.agentId(), swarmId), reason);
        Envelope direct = envelopes.build(Envelopes.Draft.system(swarmId, kicked.agentId(), Json.toText(body)));
        Outbox.Queued toKicked = Outbox.enqueue(store, direct, List.of(kicked), now());
        ObjectNode others = withReason(body(SystemMessage.MEMBER_KICKED, kicked.agentId(), swarmId), reason);
        return toKicked.and(broadcast(store, swarmId, others, Set.of(kicked.agentId())));
    }

    /** {@code swarm_dissolved} to every other member. */
    public Outbox.Queued dissolved(Store store, String swarmId, String reason) {
        ObjectNode body = withReason(body(SystemMessage.SWARM_DISSOLVED, identity.agentId(), swarmId), reason);
        return broadcast(store, swarmId, body, Set.of());
    }

    /** A broadcast to every member but us and {@code except}. */
    private Outbox.Queued broadcast(Store store, String swarmId, ObjectNode body, Set<String> except) {
        Envelope envelope = envelopes.build(Envelopes.Draft.system(swarmId, Identifiers.BROADCAST, Json.toText(body)));
        List<Member> recipients = store.members().list(swarmId).stream()
                .filter(m -> !m.agentId().equals(identity.agentId()) && !except.contains(m.agentId()))
                .toList();
        return Outbox.enqueue(store, envelope, recipients, now());
    }

    private static ObjectNode body(String action, String agentId, String swarmId) {
        ObjectNode body = SystemMessage.body(action, agentId);
        body.put("swarm_id", swarmId);
        return body;
    }

    private static ObjectNode withReason(ObjectNode body, String reason) {
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason);
        }
        return body;
    }

    private String now() {
        return Timestamps.format(clock.instant());
    }
}
