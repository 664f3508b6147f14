package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.state.OutboxRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "purge", description = "Delete finished deliveries older than a while (pending ones are never purged).")
final class OutboxPurgeCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--status", paramLabel = "STATUS", split = ",", defaultValue = "delivered",
            description = "Which finished deliveries: delivered (default), failed, dead.")
    List<String> statuses;

    @Option(names = "--older-than", paramLabel = "HOURS", defaultValue = "24",
            description = "Only those last touched more than this many hours ago (default ${DEFAULT-VALUE}; 0: all).")
    double olderThanHours;

    OutboxPurgeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        for (String status : statuses) {
            if (!List.of(OutboxRow.DELIVERED, OutboxRow.FAILED, OutboxRow.DEAD).contains(status)) {
                throw SwarmException.invalidArgument("--status takes delivered, failed or dead");
            }
        }
        if (olderThanHours < 0) {
            throw SwarmException.invalidArgument("--older-than must not be negative");
        }
        int count = context.node(NodeOptions.DEFAULTS).outbox().purge(statuses,
                Duration.ofMillis(Math.round(olderThanHours * 3_600_000)));
        Output.print(context, output.json, Map.of("status", "purged", "count", count),
                out -> out.println("Purged " + count + " deliver" + (count == 1 ? "y" : "ies")));
        return 0;
    }
}
