package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.coordination.Roles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "add", description = "Take a role in the swarm (announced in this node's presence).")
final class RoleAddCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Parameters(index = "0", paramLabel = "ROLE", description = "The role: a name like an agent id (reviewer, tester).")
    String role;

    RoleAddCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Roles.Change change = context.node(NodeOptions.DEFAULTS).roles().add(swarm.swarm, role);
        RoleListCommand.printChange(context, output.json, change);
        return 0;
    }
}
