package dev.swarm.node.protocol;

import java.util.List;

/**
 * The master's answer to a join: 200 {@code accepted} with the swarm name and members, or 202
 * {@code pending} with a message when the swarm needs the master's approval.
 */
public record JoinResponse(String status, String swarmId, String swarmName, List<MemberInfo> members, String message) {
    public static final String ACCEPTED = "accepted";
    public static final String PENDING = "pending";

    public static JoinResponse accepted(String swarmId, String swarmName, List<MemberInfo> members) {
        return new JoinResponse(ACCEPTED, swarmId, swarmName, List.copyOf(members), null);
    }

    public static JoinResponse pending(String swarmId, String message) {
        return new JoinResponse(PENDING, swarmId, null, null, message);
    }

    public boolean isAccepted() {
        return ACCEPTED.equals(status);
    }
}
