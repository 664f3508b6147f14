package dev.swarm.node.state;

/** A peer's notice that it held one of this node's messages back ({@code agentId} is the peer). */
public record GuardReport(String swarmId, String agentId, String heldMessageId, String reason, Integer hop,
                          Integer maxHops, String reportedAt) {
}
