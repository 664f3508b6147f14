package dev.swarm.node.mcp;

import dev.swarm.node.messaging.SendResult;

/** {@code swarm_send}: sign a message and deliver it (or queue it), as {@code swarm send --json} does. */
final class SendTool implements Tool {
    private static final InputSchema SCHEMA = MessageArguments.schema();

    private final ToolContext context;

    SendTool(ToolContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "swarm_send";
    }

    @Override
    public String description() {
        return "Send a signed message to another agent in your swarm (to: its agent_id) or to every member"
                + " (to: \"broadcast\"). Returns at once with each recipient's delivery: status sent (stored by"
                + " every recipient), queued (some deliveries are retried later) or partial. Use swarm_request instead"
                + " when you need the answer before you go on; answer a peer's message by passing its message_id as"
                + " reply_to.";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public Object call(Arguments arguments, Progress progress) {
        SendResult result = context.node().messages().send(MessageArguments.parse(arguments, context.swarm(arguments)), context.sendWait());
        return Results.with(result, "warning", context.servingWarning());
    }
}
