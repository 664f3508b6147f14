package dev.swarm.node.mcp;

/** {@code swarm_who}: every member's presence, as {@code swarm who --json}. */
final class WhoTool implements Tool {
    private static final InputSchema SCHEMA = new InputSchema()
            .string("swarm", "Only this swarm (id or unique prefix of 4+ characters); every swarm when left out.");

    private final ToolContext context;

    WhoTool(ToolContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "swarm_who";
    }

    @Override
    public String description() {
        return "See what the other agents are doing: for every member, state (idle, working, away, or unknown for"
                + " nodes that do not announce it), last_seen, reachable (whether messages get through), roles (send"
                + " to every holder with to: \"role:NAME\"), the GitHub issues it holds (claims), the paths it leases"
                + " (leases, owner/repo:glob), and stuck: true when it holds a claim or a lease but has been silent"
                + " longer than stuck_after_seconds. you: true is you.";
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
        String requested = arguments.string("swarm");
        return Results.with(context.node().who().who(requested), "warning", context.servingWarning());
    }
}
