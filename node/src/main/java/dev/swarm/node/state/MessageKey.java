package dev.swarm.node.state;

/**
 * What identifies a received message: its id is unique only within a swarm and a sender, so a member
 * who copies another member's id can neither hide nor stand in for that member's message.
 */
public record MessageKey(String swarmId, String senderId, String messageId) {
}
