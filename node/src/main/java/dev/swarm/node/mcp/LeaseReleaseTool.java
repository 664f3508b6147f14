package dev.swarm.node.mcp;

/** {@code swarm_lease_release}: give up a lease, as {@code swarm lease release --json}. */
final class LeaseReleaseTool implements Tool {
    private static final InputSchema SCHEMA = new InputSchema()
            .requiredString("lease_id", LeaseArguments.LEASE_ID)
            .string("swarm", IssueActions.SWARM);

    private final ToolContext context;

    LeaseReleaseTool(ToolContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "swarm_lease_release";
    }

    @Override
    public String description() {
        return "Give up a lease of yours once your change is committed, so others can work on those paths. Only the"
                + " holder can release a lease (NOT_AUTHORIZED otherwise).";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public Object call(Arguments arguments, Progress progress) {
        return Results.with(context.node().leases().release(context.swarm(arguments),
                arguments.requiredString("lease_id"), context.sendWait()), "warning", context.servingWarning());
    }
}
