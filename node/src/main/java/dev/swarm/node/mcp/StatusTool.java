package dev.swarm.node.mcp;

/** {@code swarm_status}: this node's identity, swarms, counts and whether swarm serve runs, as {@code swarm status --json}. */
final class StatusTool implements Tool {
    private static final InputSchema SCHEMA = new InputSchema();

    private final ToolContext context;

    StatusTool(ToolContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "swarm_status";
    }

    @Override
    public String description() {
        return "Show who you are in the swarm (agent_id, endpoint), your swarms, unread and outgoing message counts,"
                + " and whether swarm serve runs for this identity (serving.running): without it no message, and no"
                + " reply, can reach you.";
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
        return Results.with(context.node().status().report(), "warning", context.servingWarning());
    }
}
