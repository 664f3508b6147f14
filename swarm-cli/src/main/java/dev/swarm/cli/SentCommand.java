package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.delivery.OutboxService;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.state.Swarm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sent", description = "List messages this node sent, with each recipient's delivery status.")
final class SentCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Option(names = {"-l", "--limit"}, paramLabel = "N", defaultValue = "20", description = "At most N messages (newest).")
    int limit;

    @Option(names = "--count", description = "Only count them.")
    boolean count;

    SentCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw SwarmException.invalidArgument("--limit must be at least 1");
        }
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        String swarmId = node.resolver().resolveOrAll(swarm.swarm).map(Swarm::swarmId).orElse(null);
        List<OutboxService.SentMessage> sent = node.outbox().sent(swarmId, count ? Integer.MAX_VALUE : limit);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("swarm_id", swarmId);
        result.put("count", sent.size());
        if (!count) {
            result.put("messages", sent.stream().map(SentCommand::message).toList());
        }
        Output.print(context, output.json, result, out -> {
            if (count) {
                out.println(sent.size() + " sent messages");
                return;
            }
            for (OutboxService.SentMessage m : sent) {
                out.println("[" + m.timestamp() + "] to " + Output.line(m.recipient()) + " (" + m.messageId() + ")");
                out.println("  " + m.content().replace("\n", "\n  "));
                m.deliveries().forEach(d -> out.println("    " + Output.line(d.recipient()) + ": " + d.status()
                        + (d.readAt() != null ? " (read " + d.readAt() + ")" : d.surfacedAt() != null
                                ? " (surfaced " + d.surfacedAt() + ")" : "")));
            }
        });
        return 0;
    }

    private static Map<String, Object> message(OutboxService.SentMessage m) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", m.messageId());
        message.put("swarm_id", m.swarmId());
        message.put("recipient", m.recipient());
        message.put("type", m.type());
        message.put("content", m.content());
        message.put("timestamp", m.timestamp());
        message.put("deliveries", m.deliveries());
        return message;
    }
}
