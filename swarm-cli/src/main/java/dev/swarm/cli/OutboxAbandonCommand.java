package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "abandon", description = "Give up pending or failed deliveries by hand: they become dead (dead-lettered),"
        + " are not tried again and no longer hold up later messages to that peer; 'outbox retry' takes them back.")
final class OutboxAbandonCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Parameters(index = "0", paramLabel = "ID", description = "Outbox row number or message id.")
    String id;

    OutboxAbandonCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        int count = context.node(NodeOptions.DEFAULTS).outbox().abandon(id);
        Output.print(context, output.json, Map.of("status", "abandoned", "count", count),
                out -> out.println("Gave up " + count + " deliver" + (count == 1 ? "y" : "ies")
                        + "; 'swarm outbox retry' takes " + (count == 1 ? "it" : "them") + " back"));
        return 0;
    }
}
