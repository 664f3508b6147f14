package dev.swarm.node.state;

import java.util.List;

/**
 * A join request waiting for (or decided by) the master of a {@code require_approval} swarm, with the
 * capabilities the joiner announced, recorded for it when it is approved.
 */
public record JoinRequestRecord(String swarmId, String agentId, String endpoint, String publicKey, String inviteId,
                                String status, String requestedAt, String decidedAt, List<String> capabilities) {
    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";

    public JoinRequestRecord {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }
}
