package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.coordination.Roles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "remove", description = "Give up a role in the swarm.")
final class RoleRemoveCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Parameters(index = "0", paramLabel = "ROLE", description = "The role: a name like an agent id (reviewer, tester).")
    String role;

    RoleRemoveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Roles.Change change = context.node(NodeOptions.DEFAULTS).roles().remove(swarm.swarm, role);
        RoleListCommand.printChange(context, output.json, change);
        return 0;
    }
}
