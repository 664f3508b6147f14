package dev.swarm.node.protocol;

/** {@code GET {endpoint}/health}. */
public record HealthResponse(String status, String agentId, String protocolVersion, String timestamp) {
}
