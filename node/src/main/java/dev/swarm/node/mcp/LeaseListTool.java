package dev.swarm.node.mcp;

import dev.swarm.node.lease.LeaseService;
import java.util.List;
import java.util.Map;

/** {@code swarm_lease_list}: the lease tables, as {@code swarm lease list --json}. */
final class LeaseListTool implements Tool {
    private static final InputSchema SCHEMA = new InputSchema()
            .string("swarm", "Only this swarm (id or unique prefix of 4+ characters); every swarm when left out.")
            .bool("all", "Also leases that expired, were released, lapsed or were refused.", false);

    private final ToolContext context;

    LeaseListTool(ToolContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "swarm_lease_list";
    }

    @Override
    public String description() {
        return "See which paths other agents hold: for each swarm, every active lease with holder, repo, paths (globs),"
                + " mode (exclusive or shared) and expires_at. Look here before editing files another agent may be"
                + " working on.";
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
        List<LeaseService.Table> tables = context.node().leases().listing(arguments.string("swarm"),
                arguments.bool("all", false));
        return Results.with(Map.of("swarms", tables), "warning", context.servingWarning());
    }
}
