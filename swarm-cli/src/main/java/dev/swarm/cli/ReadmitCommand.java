package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.state.Swarm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "readmit", description = "Let a member you kicked join your swarm again (it still needs an invite).")
final class ReadmitCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Option(names = {"-a", "--agent"}, paramLabel = "AGENT", required = true, description = "The kicked agent.")
    String agent;

    ReadmitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        Swarm target = node.resolver().resolveActive(swarm.swarm);
        node.lifecycle().readmit(target, agent);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "readmitted");
        result.put("swarm_id", target.swarmId());
        result.put("agent_id", agent);
        Output.print(context, output.json, result, out -> out.println(agent + " may join swarm " + target.name()
                + " again with an invite"));
        return 0;
    }
}
