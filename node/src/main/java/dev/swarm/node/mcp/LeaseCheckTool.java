package dev.swarm.node.mcp;

import dev.swarm.node.lease.Git;
import java.nio.file.Path;
import java.util.List;

/** {@code swarm_lease_check}: may these paths be changed? As {@code swarm lease check}, answered instead of refused. */
final class LeaseCheckTool implements Tool {
    private static final InputSchema SCHEMA = new InputSchema()
            .array("paths", "Paths relative to the repository's root.", LeaseArguments.PATH_ITEM)
            .bool("staged", "Also check the paths staged in git where swarm mcp runs (what a commit would touch).",
                    false)
            .string("repo", LeaseArguments.REPO)
            .string("swarm", "Only the leases of this swarm; every swarm when left out.");

    private final ToolContext context;

    LeaseCheckTool(ToolContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "swarm_lease_check";
    }

    @Override
    public String description() {
        return "Before you edit or commit files, check that no other agent holds them: allowed is false and violations"
                + " lists each path with the lease (holder, paths, expires_at) when one does. Ask the holder"
                + " (swarm_send) rather than working around it.";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public Object call(Arguments arguments, Progress progress) {
        List<String> paths = LeaseArguments.strings(arguments, "paths");
        if (arguments.bool("staged", false)) {
            paths.addAll(new Git(Path.of("").toAbsolutePath()).stagedPaths());
        } else if (paths.isEmpty()) {
            throw Arguments.invalid("paths", "argument 'paths' must name at least one path, or set staged: true");
        }
        return Results.with(context.node().leaseCheck().check(arguments.string("swarm"), LeaseArguments.repo(arguments),
                paths), "warning", context.servingWarning());
    }
}
