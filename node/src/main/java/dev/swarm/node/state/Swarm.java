package dev.swarm.node.state;

/** A swarm this node belongs to (or belonged to: see {@code state}). */
public record Swarm(String swarmId, String name, String master, String state, boolean requireApproval,
                    String createdAt, String joinedAt) {
    public static final String ACTIVE = "active";

    public boolean isActive() {
        return ACTIVE.equals(state);
    }
}
