package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.status.StatusReport;
import dev.swarm.node.wake.WakeStatus;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Show this node's identity, swarms, inbox, outbox, whether swarm serve runs,"
        + " and how wakes stand.")
final class StatusCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    WakeOptions wakeOptions;

    @Option(names = {"-v", "--verbose"}, description = "Also list each swarm.")
    boolean verbose;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        StatusReport report = node.status().report()
                .withWake(WakeStatus.of(wakeOptions.config(), node.database(), Clock.systemUTC()));
        Output.print(context, output.json, report, out -> {
            out.println("Agent:    " + report.agentId() + " at " + report.endpoint());
            out.println("Key:      " + report.publicKey());
            out.println("Serving:  " + (report.serving().running() ? report.serving().detail()
                    : "no (swarm serve is not running for this identity; nothing can be received)"));
            out.println("Swarms:   " + report.swarmCount());
            out.println("Inbox:    " + counts(report.inbox()));
            out.println("Outbox:   " + counts(report.outbox()));
            WakeStatus wake = report.wake();
            out.println("Wakes:    " + (wake.method().equals("none") ? "none (no wake target set)"
                    : wake.method() + " -> " + wake.target() + ", " + wake.wakesLastHour() + " of " + wake.budgetPerHour()
                    + " in the last hour" + (wake.paused() ? "; PAUSED (budget reached): new messages are stored but"
                    + " wake nobody" : "") + (wake.suppressedLastHour() > 0 ? "; " + wake.suppressedLastHour()
                    + " messages suppressed in the last hour" : "")));
            if (!report.pendingJoins().isEmpty()) {
                out.println("Waiting for approval to join: " + Output.line(String.join(", ", report.pendingJoins())));
            }
            for (StatusReport.SwarmSummary s : report.swarms()) {
                if (!"active".equals(s.state())) {
                    out.println("No longer in " + Output.line(s.name()) + " (" + s.swarmId() + "): " + s.state());
                }
            }
            if (!report.mutedAgentIds().isEmpty() || !report.mutedSwarmIds().isEmpty()) {
                out.println("Muted:    agents " + Output.line(report.mutedAgentIds()) + ", swarms "
                        + Output.line(report.mutedSwarmIds()));
            }
            if (verbose) {
                for (StatusReport.SwarmSummary s : report.swarms()) {
                    out.println("  " + s.swarmId() + "  " + Output.line(s.name()) + "  " + s.state() + "  master "
                            + Output.line(s.master())
                            + "  " + s.memberCount() + " members  " + s.unread() + " unread");
                }
            }
        });
        return 0;
    }

    /** "2 unread, 5 read" for people (zero counts left out), not a map's toString. */
    static String counts(java.util.Map<String, Integer> counts) {
        String text = counts.entrySet().stream().filter(entry -> entry.getValue() != null && entry.getValue() > 0)
                .map(entry -> entry.getValue() + " " + entry.getKey().replace('_', ' '))
                .collect(java.util.stream.Collectors.joining(", "));
        return text.isEmpty() ? "empty" : text;
    }
}
