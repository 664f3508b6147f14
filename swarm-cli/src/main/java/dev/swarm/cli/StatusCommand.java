package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.coordination.CoordinationStatus;
import dev.swarm.node.state.GuardHold;
import dev.swarm.node.state.GuardReport;
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
            coordination(out, report.coordination());
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

    /** Unread messages per level, and what the loop guard held back, in words. */
    private static void coordination(java.io.PrintStream out, CoordinationStatus c) {
        if (c == null) {
            return;
        }
        CoordinationStatus.Waiting w = c.waiting();
        out.println("Waiting:  " + w.urgent() + " urgent (wake now), " + w.normal() + " normal (next turn), " + w.low()
                + " low (read on request)");
        CoordinationStatus.LoopGuardStatus g = c.loopGuard();
        if (g.heldUnread() > 0 || g.heldLastHour() > 0) {
            out.println("Held:     " + g.heldUnread() + " unread messages held back by the loop guard (stored; read"
                    + " them with swarm messages), " + g.heldLastHour() + " held in the last hour");
            for (GuardHold h : g.recent()) {
                out.println("          " + h.heldAt() + " from " + h.senderId() + ": " + h.detail());
            }
        }
        if (g.heldByPeersLastHour() > 0) {
            out.println("Held by peers: " + g.heldByPeersLastHour() + " of your messages in the last hour");
            for (GuardReport r : g.heldByPeers()) {
                out.println("          " + r.reportedAt() + " " + r.agentId() + " held " + r.heldMessageId() + " ("
                        + r.reason().replace('_', ' ') + (r.hop() == null ? "" : ", chain " + r.hop() + " deep")
                        + (r.maxHops() == null ? "" : ", limit " + r.maxHops()) + ")");
            }
        }
    }

    /** "2 unread, 5 read" for people (zero counts left out), not a map's toString. */
    static String counts(java.util.Map<String, Integer> counts) {
        String text = counts.entrySet().stream().filter(entry -> entry.getValue() != null && entry.getValue() > 0)
                .map(entry -> entry.getValue() + " " + entry.getKey().replace('_', ' '))
                .collect(java.util.stream.Collectors.joining(", "));
        return text.isEmpty() ? "empty" : text;
    }
}
