package dev.swarm.node.agent;

import java.util.List;

/**
 * One agent's configuration as {@code swarm agent setup} changes it: registering {@code swarm mcp}
 * and our hooks, merged into what is there (what is not ours is never touched; ours is replaced, so
 * running setup twice changes nothing the second time), and reading back what is installed.
 */
public interface AgentSetup {
    AgentKind kind();

    /** The edits that install the MCP server and hooks; unchanged files are edits with no change. */
    List<ConfigEdit> install(SetupRequest request);

    /** The edits that take everything of ours out again. */
    List<ConfigEdit> remove(SetupRequest request);

    AgentStatus status(SetupRequest request);
}
