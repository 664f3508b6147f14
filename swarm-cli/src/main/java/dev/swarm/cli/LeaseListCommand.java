package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.github.IssueService;
import dev.swarm.node.lease.LeaseService;
import dev.swarm.node.lease.LeaseTable;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", description = {"The leases of each swarm: holder, paths, mode, expiry (active ones; --all"
        + " adds expired, released, lapsed and refused ones).", "Without --swarm (or SWARM_ID, default_swarm): every"
        + " swarm."})
final class LeaseListCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Option(names = "--all", description = "Also leases that ended or were refused.")
    boolean all;

    LeaseListCommand(CliContext context) {
        this.context = context;
    }

    /** What {@code swarm lease list --json} prints: one table per swarm. */
    record Listing(List<LeaseService.Table> swarms) {
    }

    @Override
    public Integer call() {
        List<LeaseService.Table> tables = context.node(NodeOptions.DEFAULTS).leases().listing(swarm.swarm, all);
        Output.print(context, output.json, new Listing(tables), out -> {
            if (tables.isEmpty()) {
                out.println("This node is in no swarm.");
            }
            for (LeaseService.Table t : tables) {
                out.println(Output.line(t.swarmName()) + " (" + t.swarmId() + ")"
                        + (IssueService.BY_ACKNOWLEDGEMENT.equals(t.orderedBy()) ? "" : ", ordered by stated time"));
                if (t.leases().isEmpty()) {
                    out.println("  no " + (all ? "" : "active ") + "lease");
                }
                t.leases().forEach(lease -> out.println("  " + line(lease)));
            }
        });
        return 0;
    }

    static String line(LeaseTable.Lease lease) {
        StringBuilder line = new StringBuilder(lease.leaseId() + " " + lease.status() + " "
                + Output.line(lease.holder()) + " " + lease.mode() + " " + lease.repo() + " "
                + Output.line(String.join(" ", lease.paths()))
                + " until " + lease.expiresAt());
        if (!lease.acknowledged()) {
            line.append(" (pending acknowledgement)");
        }
        if (lease.conflict() != null) {
            line.append(" lost to ").append(Output.line(lease.conflict().holder())).append("'s lease ")
                    .append(lease.conflict().leaseId());
        }
        return line.toString();
    }
}
