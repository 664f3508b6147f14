package dev.swarm.cli;

import dev.swarm.node.agent.AgentInstaller;
import dev.swarm.node.agent.AgentKind;
import dev.swarm.node.agent.AgentSetups;
import dev.swarm.node.config.ConfigFile;
import dev.swarm.node.config.Setting;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.wake.TmuxTargets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "setup", description = {"Register swarm mcp and the swarm hooks in the agent's own configuration"
        + " (merged with what is there, with a backup; running it again changes nothing), and make its tmux pane"
        + " this node's wake target.", "Run it inside the agent's tmux pane, or give the pane with --tmux-target."})
final class AgentSetupCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Parameters(index = "0", paramLabel = "AGENT", description = "claude, codex or gemini.")
    String agent;

    @Option(names = "--tmux-target", paramLabel = "SESSION:WINDOW.PANE",
            description = "The agent's tmux pane (default: the pane this runs in, if any).")
    String tmuxTarget;

    @Option(names = "--no-wake", description = "Leave the wake target as it is (hooks and MCP only).")
    boolean noWake;

    @Option(names = "--dry-run", description = "Show the changes as diffs; write nothing.")
    boolean dryRun;

    AgentSetupCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        AgentKind kind = AgentKind.parse(agent);
        Optional<String> target = noWake ? Optional.empty() : tmuxTarget != null ? Optional.of(tmuxTarget)
                : TmuxTargets.current(context.settings().value(Setting.WAKE_TMUX_PROGRAM),
                context.env());
        AgentInstaller.Result result = new AgentInstaller(Clock.systemUTC()).setup(kind,
                AgentSetups.request(context.home().dir().toAbsolutePath(), context.env()),
                ConfigFile.read(context.home().configFile()), target, dryRun);
        boolean serving = ServeLock.holder(context.home()).isPresent();
        Output.print(context, output.json, result, out -> {
            AgentCommands.printResult(out, result);
            if (!dryRun) {
                out.println("Next: " + (serving ? "restart swarm serve (it reads the wake settings at start), then " : "")
                        + "start " + kind.title() + " again so it loads the hooks and the MCP server; check with: swarm"
                        + " agent status");
            }
        });
        return 0;
    }
}
