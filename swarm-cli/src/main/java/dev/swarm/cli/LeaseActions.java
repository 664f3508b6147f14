package dev.swarm.cli;

import dev.swarm.node.lease.LeaseService;
import dev.swarm.node.lease.LeaseTable;

/** How take, renew and release print what they did. */
final class LeaseActions {
    private LeaseActions() {
    }

    static void print(CliContext context, boolean json, LeaseService.Outcome outcome) {
        Output.print(context, json, outcome, out -> {
            out.println(outcome.event() + " lease " + outcome.leaseId() + ": message " + outcome.message().messageId()
                    + " " + outcome.message().status());
            LeaseTable.Lease lease = outcome.lease();
            if (lease != null) {
                out.println("  " + LeaseListCommand.line(lease));
            }
        });
    }
}
