package dev.swarm.node.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.crypto.EnvelopeSignature;
import dev.swarm.node.crypto.LegacySignature;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import java.time.Instant;
import java.util.UUID;

/**
 * Envelopes built by hand, the way an older (Python) peer builds them: the six-field legacy
 * signature only, unless a test adds the envelope signature as our nodes do. Tests change fields
 * after signing to forge or tamper.
 */
public final class WireMessages {
    private WireMessages() {
    }

    public static ObjectNode signed(byte[] seed, String agentId, String endpoint, String swarmId, String recipient,
                                    String type, String content) {
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.put("protocol_version", "0.1.0");
        envelope.put("message_id", UUID.randomUUID().toString());
        envelope.put("timestamp", Timestamps.format(Instant.now()));
        envelope.putObject("sender").put("agent_id", agentId).put("endpoint", endpoint);
        envelope.put("recipient", recipient);
        envelope.put("swarm_id", swarmId);
        envelope.put("type", type);
        envelope.put("content", content);
        return resign(envelope, seed);
    }

    /** Recomputes the legacy signature over the envelope's current fields with {@code seed}. */
    public static ObjectNode resign(ObjectNode envelope, byte[] seed) {
        LegacySignature.Fields fields = new LegacySignature.Fields(envelope.get("message_id").asText(),
                envelope.get("timestamp").asText(), envelope.get("swarm_id").asText(),
                envelope.get("recipient").asText(), envelope.get("type").asText(), envelope.get("content").asText());
        envelope.put("signature", LegacySignature.sign(Ed25519.privateKey(seed), fields));
        return envelope;
    }

    /**
     * Adds {@code envelope_signature} over the envelope's current fields, as our nodes do (PROTOCOL.md
     * 8.2); a field changed afterwards makes it fail.
     */
    public static ObjectNode withEnvelopeSignature(ObjectNode envelope, byte[] seed) {
        envelope.put("envelope_signature", EnvelopeSignature.sign(Ed25519.privateKey(seed), envelope));
        return envelope;
    }

    public static byte[] bytes(ObjectNode envelope) {
        return Json.toBytes(envelope);
    }

    /** The envelope as JSON text, for tests that write a value no JSON tree can hold. */
    public static String bytesAsText(ObjectNode envelope) {
        return Json.toText(envelope);
    }
}
