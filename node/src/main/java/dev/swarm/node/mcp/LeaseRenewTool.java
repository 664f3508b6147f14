package dev.swarm.node.mcp;

import java.time.Duration;

/** {@code swarm_lease_renew}: keep a lease, as {@code swarm lease renew --json}. */
final class LeaseRenewTool implements Tool {
    private static final InputSchema SCHEMA = new InputSchema()
            .requiredString("lease_id", LeaseArguments.LEASE_ID)
            .integer("minutes", "How long from now the lease runs, in minutes.", 60, 1, 1440)
            .string("swarm", IssueActions.SWARM);

    private final ToolContext context;

    LeaseRenewTool(ToolContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "swarm_lease_renew";
    }

    @Override
    public String description() {
        return "Keep a lease of yours that is still active: it then runs the given minutes from now. A lease that"
                + " expired is gone (others may have taken the paths); take a new one.";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public Object call(Arguments arguments, Progress progress) {
        String leaseId = arguments.requiredString("lease_id");
        return Results.with(context.node().leases().renew(context.swarm(arguments), leaseId,
                Duration.ofMinutes(arguments.integer("minutes", 60, 1, 1440)), context.sendWait()), "warning",
                context.servingWarning());
    }
}
