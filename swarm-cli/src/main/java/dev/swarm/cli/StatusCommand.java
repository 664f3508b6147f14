package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.status.StatusReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Show this node's identity, swarms, inbox, outbox and whether swarm serve runs.")
final class StatusCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = {"-v", "--verbose"}, description = "Also list each swarm.")
    boolean verbose;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StatusReport report = context.node(NodeOptions.DEFAULTS).status().report();
        Output.print(context, output.json, report, out -> {
            out.println("Agent:    " + report.agentId() + " at " + report.endpoint());
            out.println("Key:      " + report.publicKey());
            out.println("Serving:  " + (report.serving().running() ? report.serving().detail()
                    : "no (swarm serve is not running for this identity; nothing can be received)"));
            out.println("Swarms:   " + report.swarmCount() + "    Inbox: " + report.inbox() + "    Outbox: "
                    + report.outbox());
            if (!report.pendingJoins().isEmpty()) {
                out.println("Waiting for approval to join: " + String.join(", ", report.pendingJoins()));
            }
            for (StatusReport.SwarmSummary s : report.swarms()) {
                if (!"active".equals(s.state())) {
                    out.println("No longer in " + s.name() + " (" + s.swarmId() + "): " + s.state());
                }
            }
            if (!report.mutedAgentIds().isEmpty() || !report.mutedSwarmIds().isEmpty()) {
                out.println("Muted:    agents " + report.mutedAgentIds() + ", swarms " + report.mutedSwarmIds());
            }
            if (verbose) {
                for (StatusReport.SwarmSummary s : report.swarms()) {
                    out.println("  " + s.swarmId() + "  " + s.name() + "  " + s.state() + "  master " + s.master()
                            + "  " + s.memberCount() + " members  " + s.unread() + " unread");
                }
            }
        });
        return 0;
    }
}
