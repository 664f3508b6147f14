package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.SignatureCheck;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.MessageType;

/**
 * The proof inside {@code master_changed}: the {@code master_transfer} envelope the old master sent
 * to the new one, exactly as it was received. Anyone can claim to be the new master; only the old
 * master's signature over "transfer this swarm to X" shows that it is true. A proof is accepted only
 * when it is a {@code system} envelope of this swarm, sent by {@code old_master} to {@code new_master},
 * whose content is {@code master_transfer} naming {@code new_master}, and whose signatures verify with
 * the key this node holds for {@code old_master} (the full-envelope signature too when present or when
 * that member's node is known to add it). Whether the proof is recent enough is the caller's rule.
 */
final class TransferProof {
    private TransferProof() {
    }

    /** The verified transfer envelope; throws {@code NOT_AUTHORIZED} naming what is wrong with it. */
    static Envelope verify(JsonNode transfer, String oldMaster, String newMaster, MemberDirectory.SwarmView swarm,
                           EndpointPolicy endpoints) {
        if (!(transfer instanceof ObjectNode tree)) {
            throw refused("it carries no transfer proof (the old master's master_transfer envelope)");
        }
        Envelope proof;
        try {
            proof = EnvelopeCodec.parse(tree, endpoints).envelope();
        } catch (SwarmException e) {
            throw refused("its transfer proof is not a valid envelope: " + e.getMessage());
        }
        String swarmId = swarm.swarm().swarmId();
        if (proof.type() != MessageType.SYSTEM || !proof.swarmId().equals(swarmId)) {
            throw refused("its transfer proof is not a system message of swarm " + swarmId);
        }
        if (!proof.sender().agentId().equals(oldMaster) || !proof.recipient().equals(newMaster)) {
            throw refused("its transfer proof was not sent by " + oldMaster + " to " + newMaster);
        }
        SystemMessage content;
        try {
            content = SystemMessage.parse(proof.content());
        } catch (SwarmException e) {
            throw refused("its transfer proof's content is not a system message");
        }
        String contentSwarm = content.text("swarm_id");
        if (!SystemMessage.MASTER_TRANSFER.equals(content.action()) || !content.agentId().equals(newMaster)
                || (contentSwarm != null && !contentSwarm.equals(swarmId))) {
            throw refused("its transfer proof does not transfer swarm " + swarmId + " to " + newMaster);
        }
        MemberDirectory.Entry signer = swarm.member(oldMaster)
                .orElseThrow(() -> refused(oldMaster + ", who signed the proof, is not a member here"));
        SignatureCheck.problem(signer.key(), signer.member().capabilities(), proof, tree).ifPresent(problem -> {
            throw refused("its transfer proof's " + problem + " with the key of " + oldMaster);
        });
        return proof;
    }

    private static SwarmException refused(String why) {
        return new SwarmException(ErrorCode.NOT_AUTHORIZED, "master_changed refused: " + why);
    }
}
