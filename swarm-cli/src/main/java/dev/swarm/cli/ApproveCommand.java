package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "approve", description = "Let an agent that asked to join become a member (it is announced to the others).")
final class ApproveCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent id of the request.")
    String agent;

    ApproveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(client.nodeOptions());
        Swarm target = node.resolver().resolveActive(swarm.swarm);
        Member member = node.approvals().approve(target, agent);
        Output.print(context, output.json, Map.of("status", "approved", "swarm_id", target.swarmId(), "agent_id",
                member.agentId()), out -> out.println("Approved " + Output.line(member.agentId()) + " in swarm "
                + Output.line(target.name())));
        return 0;
    }
}
