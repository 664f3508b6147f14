package dev.swarm.node.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The agents {@code swarm agent setup} knows, and what the node asks about them. */
public final class AgentSetups {
    private AgentSetups() {
    }

    public static AgentSetup of(AgentKind kind) {
        return switch (kind) {
            case CLAUDE -> new ClaudeSetup();
            case CODEX -> new CodexSetup();
            case GEMINI -> new GeminiSetup();
        };
    }

    public static List<AgentSetup> all() {
        return List.of(new ClaudeSetup(), new CodexSetup(), new GeminiSetup());
    }

    /**
     * True when one of the agents on this host has {@code swarm mcp} registered for this node's home, so
     * the agent can be told to use its tools (read with this process's own environment). A file that
     * cannot be read counts as no registration.
     */
    public static boolean mcpRegisteredAnywhere(Path swarmHome) {
        SetupRequest request = new SetupRequest(SwarmCommandPath.current(), swarmHome, System.getenv());
        for (AgentSetup setup : all()) {
            try {
                AgentStatus status = setup.status(request);
                if (status.mcpRegistered() && swarmHome.toString().equals(status.mcpHome())) {
                    return true;
                }
            } catch (RuntimeException e) {
                // an unreadable configuration registers nothing
            }
        }
        return false;
    }

    /** The same as a request for this home and environment. */
    public static SetupRequest request(Path swarmHome, Map<String, String> env) {
        return new SetupRequest(SwarmCommandPath.current(), swarmHome, env);
    }
}
