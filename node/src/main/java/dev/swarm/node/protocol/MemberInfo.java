package dev.swarm.node.protocol;

import java.util.List;

/**
 * A member as the join response lists it: id, endpoint and raw Ed25519 public key in base64, and
 * (our extension, ignored by older peers) the capabilities of its node; null when unknown.
 */
public record MemberInfo(String agentId, String endpoint, String publicKey, List<String> capabilities) {
    public MemberInfo {
        capabilities = capabilities == null || capabilities.isEmpty() ? null : List.copyOf(capabilities);
    }

    public MemberInfo(String agentId, String endpoint, String publicKey) {
        this(agentId, endpoint, publicKey, null);
    }
}
