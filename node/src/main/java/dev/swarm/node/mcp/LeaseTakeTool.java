package dev.swarm.node.mcp;

import dev.swarm.node.lease.LeaseEvent;

/** {@code swarm_lease_take}: lease paths of a repository, as {@code swarm lease take --json}. */
final class LeaseTakeTool implements Tool {
    private static final InputSchema SCHEMA = new InputSchema()
            .array("paths", "Paths or globs relative to the repository's root (required, 1 to 32): * and ? match within"
                    + " one path segment, ** any number of segments; a trailing / means the directory and everything"
                    + " below it.", LeaseArguments.PATH_ITEM)
            .string("repo", LeaseArguments.REPO)
            .bool("shared", "A shared lease: other agents may hold shared leases on the same paths, but nobody an"
                    + " exclusive one. Default: exclusive.", false)
            .integer("minutes", "How long the lease runs, in minutes (renew it with swarm_lease_renew to keep it).",
                    60, 1, 1440)
            .string("swarm", IssueActions.SWARM)
            .bool("force", "Take it even though another agent holds an overlapping lease. The lease the swarm's master"
                    + " saw first still wins everywhere and yours is shown as refused; only when you agreed with the"
                    + " holder.", false);

    private final ToolContext context;

    LeaseTakeTool(ToolContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "swarm_lease_take";
    }

    @Override
    public String description() {
        return "Reserve files or directories of a repository before you edit them, so other agents in your swarm keep"
                + " off (their git pre-commit hook refuses commits touching paths you hold exclusively). Broadcasts a"
                + " signed lease every member's lease table shows. Refused with a CONFLICT error naming the holder,"
                + " lease and expiry while another agent holds an overlapping lease (nothing is sent then). Returns the"
                + " lease (lease_id, expires_at). Release it with swarm_lease_release when done.";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public Object call(Arguments arguments, Progress progress) {
        java.util.List<String> paths = LeaseArguments.strings(arguments, "paths");
        if (paths.isEmpty()) {
            throw Arguments.invalid("paths", "argument 'paths' must name at least one path or glob");
        }
        int minutes = arguments.integer("minutes", 60, 1, 1440);
        return Results.with(context.node().leases().take(context.swarm(arguments), LeaseArguments.repo(arguments),
                paths, arguments.bool("shared", false) ? LeaseEvent.Mode.SHARED : LeaseEvent.Mode.EXCLUSIVE,
                java.time.Duration.ofMinutes(minutes), arguments.bool("force", false), context.sendWait()),
                "warning", context.servingWarning());
    }
}
