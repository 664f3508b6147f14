package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "wake", description = "Check how this node wakes its agent: test, status, log.",
        subcommands = {WakeTestCommand.class, WakeStatusCommand.class, WakeLogCommand.class})
final class WakeCommand implements Callable<Integer> {
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        throw SwarmException.invalidArgument("name one: swarm wake test, swarm wake status, swarm wake log");
    }
}
