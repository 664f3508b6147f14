package dev.swarm.cli;

import dev.swarm.node.messaging.SendResult;
import java.io.PrintStream;
import java.util.List;

/** Prints each recipient's delivery outcome for people, one line each. */
final class Deliveries {
    private Deliveries() {
    }

    static void print(PrintStream out, List<SendResult.Delivery> deliveries) {
        for (SendResult.Delivery d : deliveries) {
            out.println("  " + Output.line(d.agentId()) + ": " + d.status() + (d.error() == null ? ""
                    : " (" + Output.line(d.error()) + ")"));
        }
        if (deliveries.stream().anyMatch(d -> "pending".equals(d.status()))) {
            out.println("  (pending deliveries are retried by swarm serve; see swarm outbox)");
        }
    }
}
