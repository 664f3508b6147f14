package dev.swarm.node.protocol;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST {endpoint}/probe} (our addition, docs/protocol.md "Reachability probe"): a member asks
 * another to call it back at {@code endpoint}, signed with its key so that only members can make a
 * node send requests. {@code tree} is the object as received, which the signature covers.
 */
public record ProbeRequest(String swarmId, String agentId, String endpoint, String nonce, String timestamp,
                           String signature, ObjectNode tree) {
    /** Reads and checks a request body ({@code schemas/probe-request.schema.json}). */
    public static ProbeRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.readUntrusted(body);
        } catch (StreamConstraintsException e) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "body is beyond this node's JSON limits",
                    Map.of("field", "$", "reason", "json_limits"));
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "body is not valid JSON", Map.of("field", "$"));
        }
        JsonFields f = JsonFields.of(root, "probe request");
        String swarmId = f.string("swarm_id", Identifiers::isUuid, "a swarm id (lowercase hyphenated UUID)");
        String agentId = f.string("agent_id", Identifiers::isAgentId, "an agent id ([a-zA-Z0-9_.-], 1 to 256)");
        String endpoint = f.string("endpoint", value -> value.length() <= 2048, "an endpoint URL");
        String nonce = f.string("nonce", Identifiers::isUuid, "a lowercase hyphenated UUID");
        String timestamp = f.string("timestamp", Timestamps::isValid, "an ISO 8601 UTC timestamp");
        String signature = f.string("signature", value -> value.length() == 88, "a base64 Ed25519 signature");
        return new ProbeRequest(swarmId, agentId, endpoint, nonce, timestamp, signature, f.node());
    }

    /** A signed request from {@code identity}'s key. */
    public static ObjectNode signed(String swarmId, String agentId, String endpoint, String nonce, String timestamp,
                                    org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters key) {
        ObjectNode tree = Json.mapper().createObjectNode();
        tree.put("swarm_id", swarmId).put("agent_id", agentId).put("endpoint", endpoint).put("nonce", nonce)
                .put("timestamp", timestamp);
        tree.put("signature", dev.swarm.node.crypto.ProbeSignature.sign(key, tree));
        return tree;
    }

    /** True when the signature is {@code publicKeyBase64}'s over this request. */
    public boolean signedBy(String publicKeyBase64) {
        return dev.swarm.node.crypto.ProbeSignature.verify(Ed25519.publicKey(publicKeyBase64), tree, signature);
    }
}
