package dev.swarm.node.protocol;

import java.util.List;

/**
 * {@code POST {endpoint}/join} body (PROTOCOL.md section 4); unsigned in 0.1.0.
 * {@code type} is always {@code system} and {@code action} always {@code join_request}. {@code keyProof}
 * ({@code key_proof}) is our extension, null when not sent.
 */
public record JoinRequest(String type, String action, String inviteToken, JoinSender sender, String keyProof) {
    public static final String TYPE = "system";
    public static final String ACTION = "join_request";

    public static JoinRequest of(String inviteToken, JoinSender sender) {
        return new JoinRequest(TYPE, ACTION, inviteToken, sender, null);
    }

    /** This request with our extension {@code key_proof}: the joiner's signature proving it holds its key. */
    public JoinRequest withKeyProof(String proof) {
        return new JoinRequest(type, action, inviteToken, sender, proof);
    }

    /**
     * The joiner: its id, endpoint and public key, and (our extension, ignored by older masters) the
     * capabilities of its node; null when not sent.
     */
    public record JoinSender(String agentId, String endpoint, String publicKey, List<String> capabilities) {
        public JoinSender {
            capabilities = capabilities == null ? null : List.copyOf(capabilities);
        }

        public JoinSender(String agentId, String endpoint, String publicKey) {
            this(agentId, endpoint, publicKey, null);
        }
    }
}
