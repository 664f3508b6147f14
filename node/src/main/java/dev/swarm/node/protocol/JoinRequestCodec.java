package dev.swarm.node.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code POST /join} bodies, checking every rule of {@code schemas/join-request.schema.json}. */
public final class JoinRequestCodec {
    private static final int MAX_PROOF_CHARS = 128;

    private JoinRequestCodec() {
    }

    public static JoinRequest parse(byte[] body, EndpointPolicy endpoints) {
        JsonNode root;
        try {
            root = Json.readUntrusted(body);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw Json.beyondUntrustedLimits();
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "body is not valid JSON", Map.of("field", "$"));
        }
        JsonFields f = JsonFields.of(root, "join request");
        String type = f.string("type", JoinRequest.TYPE::equals, "\"system\"");
        String action = f.string("action", JoinRequest.ACTION::equals, "\"join_request\"");
        String token = f.string("invite_token");
        JsonFields s = f.object("sender");
        String agentId = s.string("agent_id", Identifiers::isAgentId,
                "an agent id ([a-zA-Z0-9_.-], 1 to 256, not \"broadcast\")");
        String endpoint = s.string("endpoint");
        endpoints.problem(endpoint).ifPresent(problem -> {
            throw SwarmException.invalidFormat("sender.endpoint", "field 'sender.endpoint' must be " + problem);
        });
        String publicKey = s.string("public_key", Ed25519::isPublicKey, "a base64 Ed25519 public key (32 bytes)");
        String keyProof = f.optionalString("key_proof");
        if (keyProof != null && (keyProof.length() > MAX_PROOF_CHARS || keyProof.isEmpty())) {
            throw SwarmException.invalidFormat("key_proof", "field 'key_proof' must be a base64 Ed25519 signature");
        }
        return new JoinRequest(type, action, token, new JoinRequest.JoinSender(agentId, endpoint, publicKey,
                capabilities(s)), keyProof);
    }

    /** Our extension {@code sender.capabilities}: an array of capability names, or null when absent. */
    private static List<String> capabilities(JsonFields sender) {
        JsonNode array = sender.optionalArray("capabilities");
        if (array == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode item : array) {
            if (!item.isTextual() || item.textValue().isEmpty()) {
                throw SwarmException.invalidFormat(sender.path("capabilities"), "field '"
                        + sender.path("capabilities") + "' must be an array of capability names");
            }
            names.add(item.textValue());
        }
        return List.copyOf(names);
    }
}
