package dev.swarm.node.state;

/** One delivery: a message to one recipient, with its attempts and outcome. */
public record OutboxRow(long id, String messageId, String swarmId, String recipientId, String targetEndpoint,
                        String envelope, String status, int attempts, String createdAt, String nextAttemptAt,
                        String lastAttemptAt, String deliveredAt, String lastErrorCode, String lastError,
                        String requeuedAt) {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String DEAD = "dead";

    /** When this row's age starts: when it was queued, or put back by {@code swarm outbox retry}. */
    public String ageFrom() {
        return requeuedAt != null ? requeuedAt : createdAt;
    }
}
