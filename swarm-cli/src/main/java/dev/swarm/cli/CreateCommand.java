package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.state.Swarm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create", description = "Create a swarm with this agent as its master.")
final class CreateCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The swarm's name.")
    String name;

    @Option(names = "--require-approval", description = "New members wait for 'swarm approve' before joining.")
    boolean requireApproval;

    CreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Swarm swarm = context.node(NodeOptions.DEFAULTS).swarms().create(name, requireApproval);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "created");
        result.put("swarm_id", swarm.swarmId());
        result.put("name", swarm.name());
        result.put("master", swarm.master());
        result.put("require_approval", swarm.requireApproval());
        Output.print(context, output.json, result, out -> {
            out.println("Created swarm '" + swarm.name() + "'");
            out.println(swarm.swarmId());
        });
        return 0;
    }
}
