package dev.swarm.node.state;

import java.util.List;

/**
 * One member's latest presence in one swarm as stored: what its node last announced (state and since
 * when, when its agent last did something, which client, its roles and claims), which message said
 * so, when that message was written and when this node heard it.
 */
public record PresenceRow(String swarmId, String agentId, String state, String stateSince, String activeAt,
                          String client, List<String> roles, List<String> claims, String messageId, String sentAt,
                          String receivedAt) {
    public PresenceRow {
        roles = List.copyOf(roles);
        claims = List.copyOf(claims);
    }
}
