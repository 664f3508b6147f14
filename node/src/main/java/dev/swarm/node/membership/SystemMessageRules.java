package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.StateChange;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.RemovedMemberRepository;
import dev.swarm.node.state.Swarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may change a swarm's membership, and what each accepted change does (PROTOCOL.md section 5).
 * Older nodes let anyone rewrite a member list; here a change from anyone but the entitled agent is
 * refused with {@code NOT_MASTER} or {@code NOT_AUTHORIZED} and changes nothing. Actions we do not
 * know are stored as ordinary messages and change nothing. The master transfer has its own rules
 * ({@link MasterChangeRules}); an older master's {@code member_joined} without a key is followed by a
 * lookup of the member's {@code /info} once the announcement is stored ({@link MemberInfoLookup}).
 */
public final class SystemMessageRules {
    private static final Set<String> MASTER_ONLY = Set.of(SystemMessage.MEMBER_JOINED, SystemMessage.KICKED,
            SystemMessage.MEMBER_KICKED, SystemMessage.SWARM_DISSOLVED, SystemMessage.MASTER_TRANSFER);

    private final String selfId;
    private final EndpointPolicy endpoints;
    private final MasterChangeRules masterChanges;
    private final MemberInfoLookup lookup;
    private final KeyRotationRules rotations;

    public SystemMessageRules(String selfId, EndpointPolicy endpoints, Announcer announcer, MemberInfoLookup lookup) {
        this.selfId = selfId;
        this.endpoints = endpoints;
        this.masterChanges = new MasterChangeRules(selfId, endpoints);
        this.lookup = lookup;
        this.rotations = new KeyRotationRules(endpoints);
    }

    /**
     * What an accepted system message does: a change applied in the transaction that stores it, and
     * work started once it is stored (never for a duplicate), which must not block.
     */
    public record Effect(StateChange change, Runnable afterStore) {
        public static final Effect NONE = new Effect(StateChange.NONE, () -> { });

        static Effect of(StateChange change) {
            return new Effect(change, () -> { });
        }
    }

    /** Checks that the sender may make this change and returns its effect; throws the refusal otherwise. */
    public Effect authorize(EnvelopeCodec.Parsed parsed, MemberDirectory.SwarmView swarm) {
        Envelope envelope = parsed.envelope();
        SystemMessage message = SystemMessage.parse(envelope.content());
        String sender = envelope.sender().agentId();
        String master = swarm.swarm().master();
        String swarmId = swarm.swarm().swarmId();
        String contentSwarm = message.text("swarm_id");
        if (contentSwarm != null && !contentSwarm.equals(swarmId)) {
            throw SwarmException.invalidFormat("content.swarm_id", "system message names swarm " + contentSwarm
                    + " but was sent in swarm " + swarmId);
        }
        if (MASTER_ONLY.contains(message.action()) && !sender.equals(master)) {
            throw new SwarmException(ErrorCode.NOT_MASTER, "only the master of swarm " + swarmId + " (" + master
                    + ") may send '" + message.action() + "'; " + sender + " is not the master");
        }
        return switch (message.action()) {
            case SystemMessage.MEMBER_JOINED -> memberJoined(message, swarm, master);
            case SystemMessage.MEMBER_LEFT -> Effect.of(memberLeft(message, sender, swarmId, master));
            case SystemMessage.MEMBER_KICKED -> Effect.of(memberKicked(message, swarmId, master));
            case SystemMessage.KICKED -> Effect.of(kicked(message, swarmId, envelope));
            case SystemMessage.SWARM_DISSOLVED -> Effect.of(store -> store.swarms().setState(swarmId,
                    Swarm.DISSOLVED, envelope.timestamp()));
            case SystemMessage.MASTER_TRANSFER -> Effect.of(masterChanges.transfer(parsed, message, swarm));
            case SystemMessage.MASTER_CHANGED -> Effect.of(masterChanges.changed(message, sender, swarm));
            case KeyRotationRules.ACTION -> Effect.of(rotations.rotated(message, sender, swarm));
            default -> Effect.NONE;
        };
    }

    /**
     * The master may announce new members, never rewrite existing ones: an announcement of a member we
     * know with the same key changes nothing (beyond widening its capabilities); with another key or
     * endpoint it is refused, as is a key another member holds. A key or an endpoint changes only by a
     * statement the member signs ({@code key_rotated}).
     */
    private Effect memberJoined(SystemMessage message, MemberDirectory.SwarmView swarm, String master) {
        String swarmId = swarm.swarm().swarmId();
        String agentId = message.agentId();
        String endpoint = message.requireText("endpoint");
        endpoints.problem(endpoint).ifPresent(problem -> {
            throw SwarmException.invalidFormat("content.endpoint", "member_joined endpoint must be " + problem);
        });
        String publicKey = message.text("public_key");
        if (publicKey != null && !Ed25519.isPublicKey(publicKey)) {
            throw SwarmException.invalidFormat("content.public_key",
                    "member_joined public_key must be a base64 Ed25519 public key");
        }
        String joinedAt = message.text("joined_at");
        if (agentId.equals(selfId) || agentId.equals(master)) {
            return Effect.NONE;
        }
        String at = joinedAt != null && Timestamps.isValid(joinedAt) ? joinedAt : Timestamps.format(Instant.now());
        if (publicKey == null) {
            // An older master announces without the key: store the announcement, then ask the member
            MemberInfoLookup.Announced announced = new MemberInfoLookup.Announced(swarmId, master, agentId, endpoint,
                    at);
            return new Effect(StateChange.NONE, () -> lookup.learn(announced));
        }
        List<String> capabilities = capabilities(message);
        swarm.member(agentId).ifPresent(known -> requireSame(known.member(), endpoint, publicKey));
        return Effect.of(store -> {
            Optional<Member> known = store.members().find(swarmId, agentId);
            if (known.isPresent()) {
                requireSame(known.get(), endpoint, publicKey);
            } else if (store.members().holderOfKey(swarmId, publicKey).isPresent()) {
                throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "member_joined gives " + agentId
                        + " a public key another member of swarm " + swarmId + " holds");
            }
            store.members().upsert(new Member(swarmId, agentId, endpoint, publicKey, capabilities, at));
            // the master let it (back) in
            store.removedMembers().forget(swarmId, agentId);
        });
    }

    private static void requireSame(Member known, String endpoint, String publicKey) {
        if ((publicKey != null && !publicKey.equals(known.publicKey())) || !endpoint.equals(known.endpoint())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "member_joined would rewrite " + known.agentId()
                    + ", already a member with another key or endpoint; only the member's own signed key"
                    + " rotation changes them");
        }
    }

    /** Our extension key {@code capabilities}: the names in it, ignoring anything that is not a name. */
    private static List<String> capabilities(SystemMessage message) {
        JsonNode array = message.body().get("capabilities");
        List<String> names = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(item -> {
                if (item.isTextual() && !item.textValue().isEmpty()) {
                    names.add(item.textValue());
                }
            });
        }
        return names;
    }

    private StateChange memberLeft(SystemMessage message, String sender, String swarmId, String master) {
        if (!message.agentId().equals(sender)) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, sender + " may not announce that "
                    + message.agentId() + " left; only the leaving agent may");
        }
        if (sender.equals(master)) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "the master cannot leave swarm " + swarmId
                    + "; it must transfer the swarm or dissolve it");
        }
        return store -> store.members().delete(swarmId, sender);
    }

    private StateChange memberKicked(SystemMessage message, String swarmId, String master) {
        String kicked = message.agentId();
        if (kicked.equals(master)) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "the master cannot be kicked");
        }
        if (kicked.equals(selfId)) {
            return store -> store.swarms().setState(swarmId, Swarm.KICKED, Timestamps.format(Instant.now()));
        }
        String reason = message.text("reason");
        return store -> {
            // kept here too, so that a later master (after a transfer) still keeps the member out
            String key = store.members().find(swarmId, kicked).map(Member::publicKey).orElse(null);
            store.removedMembers().record(new RemovedMemberRepository.Removed(swarmId, kicked, key, reason,
                    Timestamps.format(Instant.now())));
            store.members().delete(swarmId, kicked);
        };
    }

    private StateChange kicked(SystemMessage message, String swarmId, Envelope envelope) {
        if (!message.agentId().equals(selfId) || !selfId.equals(envelope.recipient())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "'kicked' must be addressed to the kicked agent");
        }
        return store -> store.swarms().setState(swarmId, Swarm.KICKED, envelope.timestamp());
    }
}
