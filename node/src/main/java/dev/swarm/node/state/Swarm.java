package dev.swarm.node.state;

/**
 * A swarm this node belongs to (or belonged to: see {@code state}). {@code masterSince} is when this
 * node learnt who {@code master} is: when it joined or created the swarm, or the timestamp of the
 * transfer proof it last accepted; a master change proven by an older proof is refused.
 */
public record Swarm(String swarmId, String name, String master, String state, boolean requireApproval,
                    String createdAt, String joinedAt, String masterSince) {
    public static final String ACTIVE = "active";
    public static final String LEFT = "left";
    public static final String KICKED = "kicked";
    public static final String DISSOLVED = "dissolved";

    public Swarm {
        masterSince = masterSince == null ? joinedAt : masterSince;
    }

    /** A swarm whose master is known since the moment this node joined it. */
    public Swarm(String swarmId, String name, String master, String state, boolean requireApproval,
                 String createdAt, String joinedAt) {
        this(swarmId, name, master, state, requireApproval, createdAt, joinedAt, joinedAt);
    }

    public boolean isActive() {
        return ACTIVE.equals(state);
    }
}
