package dev.swarm.node.state;

/**
 * A muted agent or swarm: its messages are still stored (and listed as muted) but never wake anyone.
 * Mutes are this node's own choice and never leave it.
 */
public record Mute(String kind, String target, String reason, String createdAt) {
    public static final String AGENT = "agent";
    public static final String SWARM = "swarm";
}
