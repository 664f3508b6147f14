package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The receiving side of the two-phase master transfer. {@code master_transfer} (old master to the new
 * one) only asks: it is checked and stored, and changes nothing, so an answer the old master never saw
 * (a 500, a timeout) cannot make anyone master. {@code master_changed} is the commit: sent by the old
 * master itself through its outbox once it saw the 2xx, carrying the transfer envelope
 * ({@link TransferProof}) and the old master's signed commit ({@link TransferCommit}). It is accepted
 * only from the master this node knows, naming itself as {@code old_master}, with both proofs valid,
 * the transfer signed after this node learnt who the master is ({@code master_since}) and the commit
 * not older; then everyone, the new master included, records the new master with
 * {@code master_since = committed_at}. The preconditions are checked again inside the storing
 * transaction, so two changes racing each other cannot both apply.
 */
final class MasterChangeRules {
    private final String selfId;
    private final EndpointPolicy endpoints;

    MasterChangeRules(String selfId, EndpointPolicy endpoints) {
        this.selfId = selfId;
        this.endpoints = endpoints;
    }

    /** {@code master_transfer} from the master (already checked) to us: checked and stored, nothing more. */
    StateChange transfer(EnvelopeCodec.Parsed parsed, SystemMessage message, MemberDirectory.SwarmView swarm) {
        Envelope e = parsed.envelope();
        if (!selfId.equals(e.recipient()) || !selfId.equals(message.agentId())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "master_transfer must be addressed to the new master"
                    + " and name it; this node is " + selfId);
        }
        requireCurrent(swarm.swarm(), e.sender().agentId(), e.timestamp());
        return StateChange.NONE;
    }

    /** {@code master_changed} from the old master: its commit of a transfer, checked against both proofs. */
    StateChange changed(SystemMessage message, String sender, MemberDirectory.SwarmView swarm) {
        String oldMaster = message.text("old_master");
        String newMaster = message.text("new_master");
        if (oldMaster == null || newMaster == null) {
            throw refused("it must name old_master and new_master");
        }
        if (!sender.equals(oldMaster) || !message.agentId().equals(newMaster) || oldMaster.equals(newMaster)) {
            throw refused("only the old master commits a transfer, and agent_id must name the new master (" + sender
                    + " announced " + oldMaster + " -> " + newMaster + ")");
        }
        Envelope proof = TransferProof.verify(message.body().get("transfer"), oldMaster, newMaster, swarm, endpoints);
        String oldMasterKey = swarm.member(oldMaster).orElseThrow(() -> refused(oldMaster + " is not a member here"))
                .member().publicKey();
        String since = TransferCommit.verify(message.body().get("commit"), message.text("commit_signature"), proof,
                oldMaster, newMaster, oldMasterKey);
        String swarmId = swarm.swarm().swarmId();
        if (!newMaster.equals(selfId) && swarm.member(newMaster).isEmpty()) {
            throw refused(newMaster + " is not a member of swarm " + swarmId + " here");
        }
        if (!alreadyApplied(swarm.swarm(), newMaster, since)) {
            requireCurrent(swarm.swarm(), oldMaster, proof.timestamp());
        }
        SystemMessage asked = SystemMessage.parse(proof.content());
        JsonNode approval = asked.body().get("require_approval");
        return store -> {
            Swarm now = current(store, swarmId);
            if (!alreadyApplied(now, newMaster, since)) {
                requireCurrent(now, oldMaster, proof.timestamp());
                store.swarms().setMaster(swarmId, newMaster, since);
                if (newMaster.equals(selfId) && approval != null && approval.isBoolean()) {
                    // our extension: the new master keeps approving joins if the old one did
                    store.swarms().setRequireApproval(swarmId, approval.booleanValue());
                }
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
