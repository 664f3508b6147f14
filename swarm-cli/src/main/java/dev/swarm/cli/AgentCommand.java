package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "agent", description = "Connect a coding agent on this host to the node: setup, status, remove.",
        subcommands = {AgentSetupCommand.class, AgentStatusCommand.class, AgentRemoveCommand.class})
final class AgentCommand implements Callable<Integer> {
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        throw SwarmException.invalidArgument("name one: swarm agent setup, swarm agent status, swarm agent remove");
    }
}
