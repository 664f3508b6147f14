package dev.swarm.node.mcp;

import dev.swarm.node.membership.SwarmListing;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code swarm_members}: the swarms this node is in and their members, as {@code swarm list --members --json}. */
final class MembersTool implements Tool {
    private static final InputSchema SCHEMA = new InputSchema()
            .string("swarm", "Only this swarm (id or unique prefix of 4+ characters); every swarm when left out.");

    private final ToolContext context;

    MembersTool(ToolContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "swarm_members";
    }

    @Override
    public String description() {
        return "List the swarms you are in and their members (agent_id, endpoint, when they joined): the agent ids"
                + " you can send to. agent_id at the top is you; master is the swarm's owner. A swarm whose state is"
                + " not active (left, kicked, dissolved) refuses messages.";
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
        String only = requested == null ? null : context.node().resolver().resolve(requested).swarmId();
        SwarmListing listing = SwarmListing.of(context.node().swarms().list(only), true);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("agent_id", context.node().identity().agentId());
        result.putAll(Results.fields(listing));
        return result;
    }
}
