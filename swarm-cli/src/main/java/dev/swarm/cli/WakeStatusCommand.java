package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.wake.WakeStatus;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "How wakes stand: method, target, wakes in the last hour against the budget, last failure.")
final class WakeStatusCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    WakeOptions wake;

    WakeStatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        WakeStatus status = WakeStatus.of(wake.config(), node.database(), Clock.systemUTC());
        Output.print(context, output.json, status, out -> {
            out.println("Wake:   " + status.method() + (status.method().equals("none") ? "" : " -> " + status.target()));
            out.println("Budget: " + status.wakesLastHour() + " of " + status.budgetPerHour() + " wakes in the last hour"
                    + (status.paused() ? " (paused: new messages are stored but wake nobody)" : ""));
            if (status.lastWake() != null) {
                out.println("Last:   " + status.lastWake());
            }
            if (status.suppressedLastHour() > 0) {
                out.println("Suppressed in the last hour: " + status.suppressedLastHour() + " messages");
            }
            if (status.lastFailure() != null) {
                out.println("Last failure: " + status.lastFailure());
            }
        });
        return 0;
    }
}
