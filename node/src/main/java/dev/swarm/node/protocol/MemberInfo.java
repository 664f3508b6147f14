package dev.swarm.node.protocol;

/** A member as the join response lists it: id, endpoint and raw Ed25519 public key in base64. */
public record MemberInfo(String agentId, String endpoint, String publicKey) {
}
