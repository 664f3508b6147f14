package dev.swarm.node.mcp;

/**
 * Tells the client that a long call is still working (an MCP progress notification when the client
 * asked for them), so clients that reset their request timeout on progress keep waiting.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = message -> { };

    void report(String message);
}
