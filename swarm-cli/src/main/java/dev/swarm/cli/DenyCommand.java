package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.state.Swarm;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "deny", description = "Refuse an agent's request to join.")
final class DenyCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent id of the request.")
    String agent;

    DenyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        Swarm target = node.resolver().resolveActive(swarm.swarm);
        node.approvals().deny(target, agent);
        Output.print(context, output.json, Map.of("status", "denied", "swarm_id", target.swarmId(), "agent_id", agent),
                out -> out.println("Denied " + Output.line(agent) + "'s request to join " + Output.line(target.name())));
        return 0;
    }
}
