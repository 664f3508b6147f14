package dev.swarm.node.mcp;

/**
 * One MCP tool of {@code swarm mcp}: its name, what it does (written for the agent that reads it),
 * its arguments, and the call. A call returns a record or map that becomes the tool's structured
 * result; refusals are {@link dev.swarm.node.error.SwarmException}s, which become MCP tool errors
 * with the same code and message. Adding a tool is one class and one line in {@link SwarmTools}.
 */
public interface Tool {
    String name();

    String description();

    InputSchema inputSchema();

    /** True when the tool changes nothing (a hint clients may use to call it without asking). */
    default boolean readOnly() {
        return false;
    }

    Object call(Arguments arguments, Progress progress);
}
