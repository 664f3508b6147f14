package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.membership.SwarmListing;
import dev.swarm.node.membership.SwarmService;
import dev.swarm.node.state.Member;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List the swarms this node is in (and, with --members, their members).")
final class ListCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = {"-s", "--swarm"}, paramLabel = "ID", description = "Only this swarm.")
    String swarm;

    @Option(names = {"-m", "--members"}, description = "Show each swarm's members.")
    boolean members;

    ListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        String only = swarm == null ? null : node.resolver().resolve(swarm).swarmId();
        List<SwarmService.SwarmWithMembers> swarms = node.swarms().list(only);
        Output.print(context, output.json, SwarmListing.of(swarms, members), out -> {
            if (swarms.isEmpty()) {
                out.println("No swarms. Create one with 'swarm create' or join with 'swarm join'.");
            }
            for (SwarmService.SwarmWithMembers s : swarms) {
                out.println(s.swarm().swarmId() + "  " + Output.line(s.swarm().name()) + "  master "
                        + Output.line(s.swarm().master()) + "  "
                        + s.members().size() + " members" + (s.swarm().isActive() ? "" : "  [" + s.swarm().state()
                        + "]"));
                if (members) {
                    for (Member m : s.members()) {
                        out.println("    " + Output.line(m.agentId()) + "  " + Output.line(m.endpoint()) + "  joined "
                                + Output.line(m.joinedAt()));
                    }
                }
            }
        });
        return 0;
    }
}
