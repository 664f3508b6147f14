package dev.swarm.node.agent;

import java.util.List;

/**
 * What {@code swarm agent status} reports for one agent: whether its configuration exists here,
 * whether {@code swarm mcp} is registered with it and for which node home, which of our hooks are
 * installed (and which are missing), and anything the user should know ({@code notes}).
 */
public record AgentStatus(String agent, String title, String configDir, boolean configured, boolean mcpRegistered,
                          String mcpHome, List<String> hooksInstalled, List<String> hooksMissing, String hooksHome,
                          List<String> notes) {
    public AgentStatus {
        hooksInstalled = List.copyOf(hooksInstalled);
        hooksMissing = List.copyOf(hooksMissing);
        notes = List.copyOf(notes);
    }
}
