package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.delivery.OutboxService;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.state.OutboxRow;
import dev.swarm.node.state.Swarm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "outbox", description = "Show deliveries: pending, delivered, failed or dead, with attempts and errors.",
        subcommands = {OutboxRetryCommand.class, OutboxPurgeCommand.class})
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
        OutboxService outbox = node.outbox();
        List<OutboxRow> rows = outbox.list(swarmId, statuses, limit);
        OutboxService.Summary summary = outbox.summary();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("swarm_id", swarmId);
        result.put("count", rows.size());
        result.put("summary", summary.counts());
        result.put("oldest_pending_seconds", summary.oldestPending().map(d -> d.toSeconds()).orElse(null));
        result.put("rows", rows.stream().map(OutboxCommand::row).toList());
        Output.print(context, output.json, result, out -> {
            out.println("Outbox: " + summary.counts() + summary.oldestPending()
                    .map(d -> ", oldest pending " + d.toSeconds() + " s").orElse(""));
            for (OutboxRow r : rows) {
                out.printf("%6d  %-9s %-16s attempts %-3d %s%s%n", r.id(), r.status(), r.recipientId(), r.attempts(),
                        r.messageId(), r.lastError() == null ? "" : "  " + r.lastError()
                                + (OutboxRow.PENDING.equals(r.status()) ? " (next " + r.nextAttemptAt() + ")" : ""));
            }
        });
        return 0;
    }

    static Map<String, Object> row(OutboxRow r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", r.id());
        row.put("message_id", r.messageId());
        row.put("swarm_id", r.swarmId());
        row.put("recipient", r.recipientId());
        row.put("endpoint", r.targetEndpoint());
        row.put("status", r.status());
        row.put("attempts", r.attempts());
        row.put("created_at", r.createdAt());
        row.put("next_attempt_at", OutboxRow.PENDING.equals(r.status()) ? r.nextAttemptAt() : null);
        row.put("last_attempt_at", r.lastAttemptAt());
        row.put("delivered_at", r.deliveredAt());
        row.put("last_error_code", r.lastErrorCode());
        row.put("last_error", r.lastError());
        return row;
    }
}
