package dev.swarm.cli;

import dev.swarm.node.agent.AgentSetup;
import dev.swarm.node.agent.AgentSetups;
import dev.swarm.node.agent.AgentStatus;
import dev.swarm.node.agent.SetupRequest;
import dev.swarm.node.config.Setting;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.ServeLock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "Show, for each agent, whether swarm mcp and the hooks are installed and for"
        + " which node, and how the wake is set.")
final class AgentStatusCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    AgentStatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String home = context.home().dir().toAbsolutePath().toString();
        SetupRequest request = AgentSetups.request(context.home().dir().toAbsolutePath(), context.env());
        List<Object> agents = new ArrayList<>();
        for (AgentSetup setup : AgentSetups.all()) {
            try {
                agents.add(setup.status(request));
            } catch (SwarmException e) {
                agents.add(Map.of("agent", setup.kind().wire(), "title", setup.kind().title(), "error", e.getMessage()));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("swarm_home", home);
        result.put("agents", agents);
        Map<String, Object> wake = new LinkedHashMap<>();
        wake.put("method", context.settings().value(Setting.WAKE_METHOD));
        wake.put("tmux_target", context.settings().value(Setting.WAKE_TMUX_TARGET));
        wake.put("agent", context.settings().value(Setting.WAKE_AGENT));
        result.put("wake", wake);
        result.put("serving", ServeLock.holder(context.home()).isPresent());
        Output.print(context, output.json, result, out -> {
            for (Object entry : agents) {
                if (entry instanceof AgentStatus s) {
                    out.println(s.title() + " (" + s.configDir() + "):");
                    out.println("  MCP server: " + (s.mcpRegistered() ? "registered" + (home.equals(s.mcpHome()) ? ""
                            : " for another node: " + s.mcpHome()) : "not registered"));
                    out.println("  hooks:      " + (s.hooksInstalled().isEmpty() ? "none" : String.join(", ",
                            s.hooksInstalled())) + (s.hooksInstalled().isEmpty() || s.hooksMissing().isEmpty() ? ""
                            : "; missing " + String.join(", ", s.hooksMissing())) + (s.hooksHome() == null
                            || home.equals(s.hooksHome()) ? "" : " (for another node: " + s.hooksHome() + ")"));
                    s.notes().forEach(note -> out.println("  note: " + note));
                } else {
                    out.println(entry);
                }
            }
            String target = context.settings().value(Setting.WAKE_TMUX_TARGET);
            out.println("Wake: " + (target == null ? "no tmux target (hooks only)" : "tmux pane " + target + ", "
                    + context.settings().value(Setting.WAKE_AGENT)) + (ServeLock.holder(context.home()).isPresent()
                    ? "" : "; swarm serve is not running, so no hook or wake reaches the agent"));
        });
        return 0;
    }
}
