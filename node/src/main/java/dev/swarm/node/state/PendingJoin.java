package dev.swarm.node.state;

/** On the joiner's side: a join answered 202 that the master has not approved yet. */
public record PendingJoin(String swarmId, String master, String masterEndpoint, String inviteToken,
                          String requestedAt) {
}
