package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.coordination.Roles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", description = "Your roles, and who holds each role as their presence says (every swarm"
        + " unless one is chosen).")
final class RoleListCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    RoleListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Roles.Listing listing = context.node(NodeOptions.DEFAULTS).roles().list(swarm.swarm);
        Output.print(context, output.json, listing, out -> {
            for (Roles.SwarmRoles s : listing.swarms()) {
                out.println(s.name() + " (" + s.swarmId() + "): your roles: "
                        + (s.yours().isEmpty() ? "none" : String.join(" ", s.yours())));
                s.holders().forEach((role, agents) -> out.println("  " + role + ": " + String.join(", ", agents)));
            }
        });
        return 0;
    }

    /** What {@code role add} and {@code role remove} print. */
    static void printChange(CliContext context, boolean json, Roles.Change change) {
        Output.print(context, json, change, out -> out.println(change.status() + ": role " + change.role() + " in "
                + change.swarmName() + "; your roles there: " + (change.roles().isEmpty() ? "none"
                : String.join(" ", change.roles()))));
    }
}
