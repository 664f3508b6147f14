package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.state.JoinRequestRecord;
import dev.swarm.node.state.Swarm;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "requests", description = "List join requests waiting for your approval (swarms created with --require-approval).")
final class RequestsCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    RequestsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        String swarmId = node.resolver().resolveOrAll(swarm.swarm).map(Swarm::swarmId).orElse(null);
        List<JoinRequestRecord> requests = node.approvals().pending(swarmId);
        Output.print(context, output.json, Map.of("requests", requests), out -> {
            if (requests.isEmpty()) {
                out.println("No join requests are waiting.");
            }
            for (JoinRequestRecord r : requests) {
                out.println(Output.line(r.agentId()) + "  " + Output.line(r.endpoint()) + "  swarm " + r.swarmId()
                        + "  since " + Output.line(r.requestedAt()));
            }
        });
        return 0;
    }
}
