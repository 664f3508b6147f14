package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.StateChange;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;

/**
 * The receiving side of the two-step master transfer. {@code master_transfer} comes from the master
 * to the new master, which becomes master and (in the same transaction) queues {@code master_changed}
 * for everyone else, carrying the transfer envelope as its proof. {@code master_changed} is accepted
 * only from the new master it names, for the master this node knows, with a valid proof
 * ({@link TransferProof}) signed after this node learnt who the master is ({@code master_since}):
 * that last rule stops a former master from replaying an old, genuinely signed proof once the
 * mastership has moved back. The preconditions are checked again inside the storing transaction, so
 * two changes racing each other cannot both apply.
 */
final class MasterChangeRules {
    private final String selfId;
    private final EndpointPolicy endpoints;
    private final Announcer announcer;

    MasterChangeRules(String selfId, EndpointPolicy endpoints, Announcer announcer) {
        this.selfId = selfId;
        this.endpoints = endpoints;
        this.announcer = announcer;
    }

    /** {@code master_transfer} from the master (already checked) to us: we become master and announce it. */
    StateChange transfer(EnvelopeCodec.Parsed parsed, SystemMessage message, MemberDirectory.SwarmView swarm) {
        Envelope e = parsed.envelope();
        if (!selfId.equals(e.recipient()) || !selfId.equals(message.agentId())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "master_transfer must be addressed to the new master"
                    + " and name it; this node is " + selfId);
        }
        String oldMaster = e.sender().agentId();
        String swarmId = swarm.swarm().swarmId();
        requireCurrent(swarm.swarm(), oldMaster, e.timestamp());
        ObjectNode proof = parsed.tree().deepCopy();
        JsonNode approval = message.body().get("require_approval");
        return store -> {
            requireCurrent(current(store, swarmId), oldMaster, e.timestamp());
            store.swarms().setMaster(swarmId, selfId, e.timestamp());
            if (approval != null && approval.isBoolean()) {
                store.swarms().setRequireApproval(swarmId, approval.booleanValue());
            }
            announcer.masterChanged(store, swarmId, oldMaster, proof);
        };
    }

    /** {@code master_changed} from the new master: checked against its proof and this node's view. */
    StateChange changed(SystemMessage message, String sender, MemberDirectory.SwarmView swarm) {
        String oldMaster = message.text("old_master");
        String newMaster = message.text("new_master");
        if (oldMaster == null || newMaster == null) {
            throw refused("it must name old_master and new_master");
        }
        if (!sender.equals(newMaster) || !message.agentId().equals(newMaster)) {
            throw refused("only the new master may announce it, and agent_id must name it (" + sender
                    + " announced " + newMaster + ")");
        }
        Envelope proof = TransferProof.verify(message.body().get("transfer"), oldMaster, newMaster, swarm, endpoints);
        String since = proof.timestamp();
        String swarmId = swarm.swarm().swarmId();
        if (!alreadyApplied(swarm.swarm(), newMaster, since)) {
            requireCurrent(swarm.swarm(), oldMaster, since);
        }
        return store -> {
            Swarm now = current(store, swarmId);
            if (!alreadyApplied(now, newMaster, since)) {
                requireCurrent(now, oldMaster, since);
                store.swarms().setMaster(swarmId, newMaster, since);
            }
        };
    }

    /**
     * True when this very transfer is what made the master who it is here: the old master, which set
     * the new one on its answer, hears the announcement too, and accepts it without a second change.
     */
    private static boolean alreadyApplied(Swarm swarm, String newMaster, String since) {
        return swarm.master().equals(newMaster) && since.equals(swarm.masterSince());
    }

    private static void requireCurrent(Swarm swarm, String oldMaster, String proofTime) {
        if (!swarm.master().equals(oldMaster)) {
            throw refused(oldMaster + " is not the master of swarm " + swarm.swarmId() + " here ("
                    + swarm.master() + " is)");
        }
        if (!Timestamps.parse(proofTime).isAfter(Timestamps.parse(swarm.masterSince()))) {
            throw refused("the transfer was signed at " + proofTime + ", not after this node learnt of master "
                    + swarm.master() + " (" + swarm.masterSince() + "); an old transfer cannot be replayed");
        }
    }

    private static Swarm current(Store store, String swarmId) {
        return store.swarms().find(swarmId).filter(Swarm::isActive).orElseThrow(() ->
                new SwarmException(ErrorCode.SWARM_NOT_FOUND, "this node is not in swarm " + swarmId));
    }

    private static SwarmException refused(String why) {
        return new SwarmException(ErrorCode.NOT_AUTHORIZED, "master change refused: " + why);
    }
}
