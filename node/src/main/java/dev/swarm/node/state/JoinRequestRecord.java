package dev.swarm.node.state;

/** A join request waiting for (or decided by) the master of a {@code require_approval} swarm. */
public record JoinRequestRecord(String swarmId, String agentId, String endpoint, String publicKey, String inviteId,
                                String status, String requestedAt, String decidedAt) {
    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";
}
