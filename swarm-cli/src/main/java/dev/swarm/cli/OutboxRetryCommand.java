package dev.swarm.cli;

import dev.swarm.node.delivery.OutboxService;
import dev.swarm.node.error.SwarmException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "retry", description = "Deliver stuck deliveries now: failed or dead ones go back in the queue, pending ones"
        + " become due at once (a row number, a message id, or --all-dead).")
final class OutboxRetryCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Outbox row number or message id.")
    String id;

    @Option(names = "--all-dead", description = "Every dead delivery.")
    boolean allDead;

    OutboxRetryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if ((id == null) == !allDead) {
            throw SwarmException.invalidArgument("give an outbox row number or message id, or --all-dead");
        }
        OutboxService outbox = context.node(client.nodeOptions()).outbox();
        int count = allDead ? outbox.retryAllDead() : outbox.retry(id);
        Output.print(context, output.json, Map.of("status", "requeued", "count", count),
                out -> out.println("Requeued " + count + " deliver" + (count == 1 ? "y" : "ies")));
        return 0;
    }
}
