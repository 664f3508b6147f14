package dev.swarm.node.protocol;

/**
 * A GitHub reference (PROTOCOL.md section 7). Which fields are required depends on {@code type};
 * {@link EnvelopeCodec} enforces it.
 */
public record Reference(String type, String repo, Long number, String sha, String url, String action) {
}
