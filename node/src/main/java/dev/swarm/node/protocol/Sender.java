package dev.swarm.node.protocol;

/** The envelope's {@code sender}: who sent it and where to answer. The public key is never sent. */
public record Sender(String agentId, String endpoint) {
}
