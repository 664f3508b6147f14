package dev.swarm.node.protocol;

/** An envelope attachment: {@code type} is {@code url} or {@code inline}. */
public record Attachment(String type, String mimeType, String content) {
}
