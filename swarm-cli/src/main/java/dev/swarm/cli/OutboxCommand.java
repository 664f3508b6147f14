package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.delivery.OutboxListing;
import dev.swarm.node.delivery.OutboxView;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.state.OutboxRow;
import dev.swarm.node.state.Swarm;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "outbox", description = "Show deliveries: pending, delivered, failed or dead, with attempts and errors.",
        subcommands = {OutboxRetryCommand.class, OutboxAbandonCommand.class, OutboxPurgeCommand.class})
final class OutboxCommand implements Callable<Integer> {
    static final Set<String> STATUSES = Set.of(OutboxRow.PENDING, OutboxRow.DELIVERED, OutboxRow.FAILED, OutboxRow.DEAD);

    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
            description = "Only these statuses: pending, delivered, failed, dead (default: all).")
    List<String> statuses = List.of();

    @Option(names = {"-l", "--limit"}, paramLabel = "N", defaultValue = "50", description = "At most N rows (newest).")
    int limit;

    OutboxCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        for (String status : statuses) {
            if (!STATUSES.contains(status)) {
                throw SwarmException.invalidArgument("--status takes pending, delivered, failed or dead");
            }
        }
        if (limit < 1) {
            throw SwarmException.invalidArgument("--limit must be at least 1");
        }
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        String swarmId = node.resolver().resolveOrAll(swarm.swarm).map(Swarm::swarmId).orElse(null);
        OutboxListing listing = node.outbox().listing(swarmId, statuses, limit);
        Output.print(context, output.json, listing, out -> {
            out.println("Outbox: " + listing.summary() + (listing.oldestPendingSeconds() == null ? ""
                    : ", oldest pending " + listing.oldestPendingSeconds() + " s"));
            for (OutboxView r : listing.rows()) {
                out.printf("%6d  %-9s %-16s attempts %-3d %s%s%n", r.id(), r.status(), Output.line(r.recipient()),
                        r.attempts(), r.messageId(), r.lastError() == null ? "" : "  " + Output.line(r.lastError())
                                + (r.nextAttemptAt() != null ? " (next " + r.nextAttemptAt() + ")" : ""));
            }
        });
        return 0;
    }
}
