package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.crypto.SignedStatement;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.StateChange;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import java.util.Optional;

/**
 * A member's key (and endpoint) change only by a statement that member signs: {@code key_rotated},
 * whose {@code rotation} {@code {"statement":"key-rotation-v1","swarm_id","agent_id","old_public_key",
 * "new_public_key","endpoint","rotated_at"}} is signed by the old key ({@code signature}) and by the
 * new one ({@code new_key_signature}, the proof that the member holds it). Nobody else, the master
 * included, can change a member's key. The envelope itself may be signed with either key: the rotating
 * node re-signs a retry with the key it now has, and the statement inside is what authenticates it.
 */
public final class KeyRotationRules {
    public static final String ACTION = "key_rotated";
    static final String KIND = "key-rotation-v1";

    private final EndpointPolicy endpoints;

    KeyRotationRules(EndpointPolicy endpoints) {
        this.endpoints = endpoints;
    }

    /** A verified rotation statement. */
    record Rotation(String swarmId, String agentId, String oldKey, String newKey, String endpoint) {
    }

    /** The statement a member signs to rotate from {@code oldKey} to {@code newKey} in one swarm. */
    static ObjectNode statement(String swarmId, String agentId, String oldKey, String newKey, String endpoint,
                                String at) {
        ObjectNode statement = Json.mapper().createObjectNode();
        statement.put(SignedStatement.KIND, KIND);
        statement.put("swarm_id", swarmId);
        statement.put("agent_id", agentId);
        statement.put("old_public_key", oldKey);
        statement.put("new_public_key", newKey);
        statement.put("endpoint", endpoint);
        statement.put("rotated_at", at);
        return statement;
    }

    /**
     * The key, other than the sender's current one, that may have signed this envelope: for a
     * {@code key_rotated} message whose statement both keys signed and which names the current key, the
     * other key of the pair. Empty for anything else. Only asked when the envelope did not verify with the
     * current key, so the receive path pays nothing for it.
     */
    public static Optional<String> otherEnvelopeKey(Envelope envelope, String currentKey) {
        if (envelope.type() != MessageType.SYSTEM) {
            return Optional.empty();
        }
        try {
            SystemMessage message = SystemMessage.parse(envelope.content());
            if (!ACTION.equals(message.action())) {
                return Optional.empty();
            }
            Rotation rotation = verified(message, envelope.sender().agentId(), envelope.swarmId());
            if (rotation.oldKey().equals(currentKey)) {
                return Optional.of(rotation.newKey());
            }
            return rotation.newKey().equals(currentKey) ? Optional.of(rotation.oldKey()) : Optional.empty();
        } catch (SwarmException e) {
            return Optional.empty();
        }
    }

    /** {@code key_rotated} from {@code sender}: checked, and the member's key replaced in the storing transaction. */
    StateChange rotated(SystemMessage message, String sender, MemberDirectory.SwarmView swarm) {
        String swarmId = swarm.swarm().swarmId();
        Rotation rotation = verified(message, sender, swarmId);
        endpoints.problem(rotation.endpoint()).ifPresent(problem -> {
            throw refused("its endpoint must be " + problem);
        });
        String current = swarm.member(sender).orElseThrow(() -> refused(sender + " is not a member here"))
                .member().publicKey();
        if (current.equals(rotation.newKey())) {
            return StateChange.NONE;
        }
        if (!current.equals(rotation.oldKey())) {
            throw refused("it rotates from a key " + sender + " does not hold here");
        }
        return store -> {
            store.members().holderOfKey(swarmId, rotation.newKey()).filter(holder -> !holder.equals(sender))
                    .ifPresent(holder -> {
                        throw refused("the new key belongs to " + holder);
                    });
            if (!store.members().rotate(swarmId, sender, rotation.oldKey(), rotation.newKey(), rotation.endpoint())) {
                throw refused(sender + "'s key changed meanwhile");
            }
        };
    }

    /** The rotation in {@code message}, with both of its signatures checked; NOT_AUTHORIZED otherwise. */
    private static Rotation verified(SystemMessage message, String sender, String swarmId) {
        if (!message.agentId().equals(sender)) {
            throw refused("only the member itself may rotate its key (" + sender + " named " + message.agentId() + ")");
        }
        JsonNode node = message.body().get("rotation");
        if (!(node instanceof ObjectNode statement)) {
            throw refused("it carries no rotation statement");
        }
        String oldKey = statement.path("old_public_key").asText("");
        String newKey = statement.path("new_public_key").asText("");
        String endpoint = statement.path("endpoint").asText("");
        String at = statement.path("rotated_at").asText("");
        if (!KIND.equals(statement.path(SignedStatement.KIND).asText()) || !swarmId.equals(statement.path("swarm_id")
                .asText()) || !sender.equals(statement.path("agent_id").asText()) || !Ed25519.isPublicKey(oldKey)
                || !Ed25519.isPublicKey(newKey) || oldKey.equals(newKey) || endpoint.isEmpty()
                || !Timestamps.isValid(at)) {
            throw refused("its rotation statement is not a key-rotation-v1 of " + sender + " in swarm " + swarmId);
        }
        if (!SignedStatement.verify(oldKey, statement, message.text("signature"))) {
            throw refused("its rotation is not signed by the old key");
        }
        if (!SignedStatement.verify(newKey, statement, message.text("new_key_signature"))) {
            throw refused("its rotation carries no proof by the new key");
        }
        return new Rotation(swarmId, sender, oldKey, newKey, endpoint);
    }

    private static SwarmException refused(String why) {
        return new SwarmException(ErrorCode.NOT_AUTHORIZED, "key_rotated refused: " + why);
    }
}
