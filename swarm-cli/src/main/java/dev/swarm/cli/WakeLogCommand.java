package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.state.WakeLogEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "log", description = "Every wake attempt: typed, deferred, suppressed (with the reason), failed (with the error), skipped.")
final class WakeLogCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = {"-l", "--limit"}, paramLabel = "N", defaultValue = "20", description = "The newest N (default ${DEFAULT-VALUE}).")
    int limit;

    WakeLogCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw SwarmException.invalidArgument("--limit must be at least 1");
        }
        List<WakeLogEntry> entries = context.node(NodeOptions.DEFAULTS).database()
                .read(store -> store.wakeLog().recent(limit));
        Output.print(context, output.json, Map.of("entries", entries), out -> {
            if (entries.isEmpty()) {
                out.println("No wake attempts yet.");
            }
            for (WakeLogEntry e : entries) {
                out.println(e.at() + "  " + e.outcome() + "  " + e.level() + "  " + e.messageIds().size() + " message(s)"
                        + (e.senders().isEmpty() ? "" : " from " + Output.line(String.join(", ", e.senders())))
                        + (e.reason() == null ? "" : "  (" + Output.line(e.reason()) + ")"));
            }
        });
        return 0;
    }
}
