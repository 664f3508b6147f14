package dev.swarm.node.state;

/** A muted agent or swarm: its messages are stored but never wake anyone. */
public record Mute(String kind, String target, String reason, String createdAt) {
}
