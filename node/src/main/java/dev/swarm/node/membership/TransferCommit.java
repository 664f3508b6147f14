package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.SignedStatement;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;

/**
 * The second step of a master transfer: the old master's signed statement that the transfer it
 * asked for ({@code transfer_id}, the {@code master_transfer} message) now takes effect. It is signed
 * only after the new master answered that request with 2xx, so a transfer the old master saw fail
 * (an error, a timeout) has no commit and can never take effect, whatever the target keeps.
 * {@code committed_at} is when the old master recorded the change; it is what {@code master_since}
 * becomes everywhere, so an older commit cannot be replayed once the mastership moved on.
 */
final class TransferCommit {
    static final String KIND = "master-transfer-commit-v1";

    private TransferCommit() {
    }

    /** The commit statement for the transfer {@code transfer} (as sent), signed now by the old master. */
    static ObjectNode statement(Envelope transfer, String oldMaster, String newMaster, String committedAt) {
        ObjectNode statement = Json.mapper().createObjectNode();
        statement.put(SignedStatement.KIND, KIND);
        statement.put("swarm_id", transfer.swarmId());
        statement.put("old_master", oldMaster);
        statement.put("new_master", newMaster);
        statement.put("transfer_id", transfer.messageId());
        statement.put("committed_at", committedAt);
        return statement;
    }

    static String sign(Identity identity, ObjectNode statement) {
        return SignedStatement.sign(identity.privateKey(), statement);
    }

    /**
     * Checks the commit of a {@code master_changed} against its transfer proof and the old master's key;
     * returns {@code committed_at}. Throws {@code NOT_AUTHORIZED} naming what is wrong.
     */
    static String verify(JsonNode commit, String signature, Envelope proof, String oldMaster, String newMaster,
                         String oldMasterKey) {
        if (!(commit instanceof ObjectNode statement)) {
            throw refused("it carries no commit (the old master's signed master-transfer-commit-v1)");
        }
        String committedAt = statement.path("committed_at").asText(null);
        if (!KIND.equals(statement.path(SignedStatement.KIND).asText())
                || !proof.swarmId().equals(statement.path("swarm_id").asText())
                || !oldMaster.equals(statement.path("old_master").asText())
                || !newMaster.equals(statement.path("new_master").asText())
                || !proof.messageId().equals(statement.path("transfer_id").asText())
                || committedAt == null || !Timestamps.isValid(committedAt)) {
            throw refused("its commit does not commit this transfer of swarm " + proof.swarmId() + " to " + newMaster);
        }
        if (!SignedStatement.verify(oldMasterKey, statement, signature)) {
            throw refused("its commit_signature does not verify with the key of " + oldMaster);
        }
        if (Timestamps.parse(committedAt).isBefore(Timestamps.parse(proof.timestamp()))) {
            throw refused("its commit is older than the transfer it commits");
        }
        return committedAt;
    }

    private static SwarmException refused(String why) {
        return new SwarmException(ErrorCode.NOT_AUTHORIZED, "master_changed refused: " + why);
    }
}
