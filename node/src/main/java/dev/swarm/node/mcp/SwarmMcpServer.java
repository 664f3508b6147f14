package dev.swarm.node.mcp;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.PeerText;
import dev.swarm.node.protocol.ErrorBody;
import dev.swarm.node.protocol.Json;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code swarm mcp}: the tools served over stdio with the official MCP Java SDK. Every call ends in a
 * result: a structured result (also given as JSON text for clients that read only text), or an MCP
 * tool error ({@code isError}) carrying the node's error body, so bad input never ends the session.
 * Nothing but the protocol is written to {@code out}; logs go through SLF4J (stderr).
 */
public final class SwarmMcpServer {
    public static final String NAME = "swarm";
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(SwarmMcpServer.class);

    private final List<Tool> tools;
    private final String instructions;

    public SwarmMcpServer(List<Tool> tools, String instructions) {
        this.tools = List.copyOf(tools);
        this.instructions = instructions;
    }

    /** Serves the client on {@code in}/{@code out} until the session ends (the client closes stdin); then returns. */
    public void run(InputStream in, OutputStream out) throws InterruptedException {
        WatchedTransport transport = new WatchedTransport(new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
                in, out));
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(NAME, VERSION)
                .instructions(instructions)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                // Arguments checks every call against the same schema, with messages written for agents
                .validateToolInputs(false)
                .tools(tools.stream().map(this::specification).toList())
                .build();
        try {
            transport.awaitEnd();
        } finally {
            server.closeGracefully();
        }
    }

    /** The tools as the client lists them. */
    List<McpSchema.Tool> definitions() {
        return tools.stream().map(SwarmMcpServer::definition).toList();
    }

    private McpServerFeatures.SyncToolSpecification specification(Tool tool) {
        return McpServerFeatures.SyncToolSpecification.builder().tool(definition(tool))
                .callHandler((exchange, request) -> call(tool, request.arguments(), progress(exchange, request)))
                .build();
    }

    private static McpSchema.Tool definition(Tool tool) {
        return McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                .inputSchema(tool.inputSchema().toMap())
                // a tool that changes something may also reach peers (a send, a read receipt)
                .annotations(new McpSchema.ToolAnnotations(null, tool.readOnly(), false, null, !tool.readOnly(), null))
                .build();
    }

    /** One call, start to end: never throws, whatever the arguments or the node do. */
    McpSchema.CallToolResult call(Tool tool, Map<String, Object> arguments, Progress progress) {
        try {
            Map<String, Object> result = Results.fields(tool.call(Arguments.of(arguments, tool.inputSchema()), progress));
            return McpSchema.CallToolResult.builder().structuredContent(result).addTextContent(Json.toText(result))
                    .isError(false).build();
        } catch (SwarmException e) {
            return failure(e);
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", tool.name(), e);
            return failure(new SwarmException(ErrorCode.INTERNAL_ERROR, tool.name() + " failed unexpectedly: " + e,
                    null, e));
        }
    }

    private static McpSchema.CallToolResult failure(SwarmException e) {
        Map<String, Object> body = Results.fields(ErrorBody.of(e));
        return McpSchema.CallToolResult.builder().structuredContent(body)
                .addTextContent(PeerText.escape(e.code().name() + ": " + e.getMessage()
                        + (e.details() == null ? "" : " " + Json.toText(e.details()))))
                .isError(true).build();
    }

    /** Progress notifications for a call whose client asked for them (a progress token), else nothing. */
    private static Progress progress(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Object token = request.meta() == null ? null : request.meta().get("progressToken");
        if (token == null || exchange == null) {
            return Progress.NONE;
        }
        AtomicInteger step = new AtomicInteger();
        return message -> {
            try {
                exchange.progressNotification(new McpSchema.ProgressNotification(token, step.incrementAndGet(), null,
                        message));
            } catch (RuntimeException e) {
                LOG.debug("progress notification not sent", e);
            }
        };
    }
}
