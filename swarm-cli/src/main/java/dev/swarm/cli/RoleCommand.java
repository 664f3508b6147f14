package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "role", description = {"Roles this agent holds (reviewer, tester, ...): add, remove, list. Others"
        + " reach every holder with swarm send --to role:NAME.",
        "swarm serve announces a change in its presence within presence_debounce seconds."},
        subcommands = {RoleAddCommand.class, RoleRemoveCommand.class, RoleListCommand.class})
final class RoleCommand implements Callable<Integer> {
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        throw SwarmException.invalidArgument("name one: swarm role add NAME, swarm role remove NAME, swarm role list");
    }
}
