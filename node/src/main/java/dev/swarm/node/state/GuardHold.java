package dev.swarm.node.state;

/**
 * A message the loop guard held back: stored, but neither woken for nor pushed by the agent's hooks.
 * {@code reason} is depth, thread_burst or sender_burst; {@code detail} says it in words.
 */
public record GuardHold(String swarmId, String messageId, String senderId, String origin, int hop, String reason,
                        String detail, String heldAt) {
}
