package dev.swarm.node.membership;

import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.StateChange;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import java.util.List;
import java.util.Set;

/**
 * Who may change a swarm's membership, and what each accepted change does (PROTOCOL.md section 5).
 * Older nodes let anyone rewrite a member list; here a change from anyone but the entitled agent is
 * refused with {@code NOT_MASTER} or {@code NOT_AUTHORIZED} and changes nothing. Actions we do not
 * know are stored as ordinary messages and change nothing.
 */
public final class SystemMessageRules {
    private static final Set<String> MASTER_ONLY = Set.of(SystemMessage.MEMBER_JOINED, SystemMessage.KICKED,
            SystemMessage.MEMBER_KICKED, SystemMessage.SWARM_DISSOLVED, SystemMessage.MASTER_TRANSFER);

    private final String selfId;
    private final EndpointPolicy endpoints;

    public SystemMessageRules(String selfId, EndpointPolicy endpoints) {
        this.selfId = selfId;
        this.endpoints = endpoints;
    }

    /** Checks that the sender may make this change and returns the change; throws the refusal otherwise. */
    public StateChange authorize(Envelope envelope, MemberDirectory.SwarmView swarm) {
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
            case SystemMessage.MEMBER_JOINED -> memberJoined(message, swarmId, master);
            case SystemMessage.MEMBER_LEFT -> memberLeft(message, sender, swarmId, master);
            case SystemMessage.MEMBER_KICKED -> memberKicked(message, swarmId, master);
            case SystemMessage.KICKED -> kicked(message, swarmId, envelope);
            case SystemMessage.SWARM_DISSOLVED -> store -> store.swarms().setState(swarmId, "dissolved",
                    envelope.timestamp());
            case SystemMessage.MASTER_TRANSFER, SystemMessage.MASTER_CHANGED -> throw new SwarmException(
                    ErrorCode.NOT_AUTHORIZED, "master transfer is not accepted by this node yet");
            default -> StateChange.NONE;
        };
    }

    private StateChange memberJoined(SystemMessage message, String swarmId, String master) {
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
        if (agentId.equals(selfId) || agentId.equals(master) || publicKey == null) {
            // Our own join or the master's needs no update; an announcement without a key (an older
            // master) cannot be acted on until the key is learnt, so it is stored and changes nothing.
            return StateChange.NONE;
        }
        String at = joinedAt != null && Timestamps.isValid(joinedAt) ? joinedAt : Timestamps.format(java.time.Instant.now());
        return store -> store.members().upsert(new Member(swarmId, agentId, endpoint, publicKey, List.of(), at));
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
            return store -> store.swarms().setState(swarmId, "kicked", Timestamps.format(java.time.Instant.now()));
        }
        return store -> store.members().delete(swarmId, kicked);
    }

    private StateChange kicked(SystemMessage message, String swarmId, Envelope envelope) {
        if (!message.agentId().equals(selfId) || !selfId.equals(envelope.recipient())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "'kicked' must be addressed to the kicked agent");
        }
        return store -> store.swarms().setState(swarmId, "kicked", envelope.timestamp());
    }

    static boolean isAgent(String value) {
        return Identifiers.isAgentId(value);
    }
}
