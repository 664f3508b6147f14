package dev.swarm.cli;

import dev.swarm.node.agent.AgentInstaller;
import dev.swarm.node.agent.AgentKind;
import dev.swarm.node.agent.AgentSetups;
import dev.swarm.node.config.ConfigFile;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remove", description = "Take swarm's MCP server and hooks out of the agent's configuration again"
        + " (with a backup), and its wake target out of config.yaml.")
final class AgentRemoveCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Parameters(index = "0", paramLabel = "AGENT", description = "claude, codex or gemini.")
    String agent;

    @Option(names = "--dry-run", description = "Show the changes as diffs; write nothing.")
    boolean dryRun;

    AgentRemoveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        AgentInstaller.Result result = new AgentInstaller(Clock.systemUTC()).remove(AgentKind.parse(agent),
                AgentSetups.request(context.home().dir().toAbsolutePath(), context.env()),
                ConfigFile.read(context.home().configFile()), dryRun);
        Output.print(context, output.json, result, out -> AgentCommands.printResult(out, result));
        return 0;
    }
}
