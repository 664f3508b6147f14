package dev.swarm.node.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.client.LocalApiClient;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.Schemas;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How tools become MCP tools, and how every way a call can end becomes a tool result. */
class SwarmMcpServerTest {
    private static final InputSchema NAME_ONLY = new InputSchema().requiredString("name", "who");

    /** A tool that does what it is told by its one argument. */
    private static final Tool SCRIPTED = new Tool() {
        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String description() {
            return "does as told";
        }

        @Override
        public InputSchema inputSchema() {
            return NAME_ONLY;
        }

        @Override
        public Object call(Arguments arguments, Progress progress) {
            return switch (arguments.requiredString("name")) {
                case "refuse" -> throw new SwarmException(ErrorCode.NOT_MEMBER, "not a member", Map.of("swarm_id", "x"));
                case "crash" -> throw new IllegalStateException("boom");
                default -> Map.of("hello", arguments.requiredString("name"));
            };
        }
    };

    private final SwarmMcpServer server = new SwarmMcpServer(List.of(SCRIPTED), "test");

    @Test
    void aResultIsStructuredAndTheSameJsonAsText() {
        McpSchema.CallToolResult result = server.call(SCRIPTED, Map.of("name", "bob"), Progress.NONE);

        assertThat(result.isError()).isFalse();
        assertThat(result.structuredContent()).isEqualTo(Map.of("hello", "bob"));
        assertThat(text(result)).isEqualTo("{\"hello\":\"bob\"}");
    }

    @Test
    void aRefusalBecomesAToolErrorWithTheNodesErrorBody() {
        McpSchema.CallToolResult result = server.call(SCRIPTED, Map.of("name", "refuse"), Progress.NONE);

        assertThat(result.isError()).isTrue();
        Schemas.assertValid("mcp/error.schema.json", Json.toText(result.structuredContent()));
        assertThat(Json.toTree(result.structuredContent()).get("error").get("code").asText()).isEqualTo("NOT_MEMBER");
        assertThat(text(result)).isEqualTo("NOT_MEMBER: not a member {\"swarm_id\":\"x\"}");
    }

    @Test
    void badArgumentsAreAToolErrorBeforeTheToolRuns() {
        McpSchema.CallToolResult result = server.call(SCRIPTED, Map.of("nme", "bob"), Progress.NONE);

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("INVALID_ARGUMENT: unknown argument nme; this tool takes name");
    }

    @Test
    void anUnexpectedFailureBecomesAnInternalErrorResultInsteadOfEndingTheSession() {
        McpSchema.CallToolResult result = server.call(SCRIPTED, Map.of("name", "crash"), Progress.NONE);

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("INTERNAL_ERROR: scripted failed unexpectedly")
                .contains("IllegalStateException: boom");
    }

    @Test
    void eachToolIsListedWithItsSchemaAndWhetherItOnlyReads() {
        List<Tool> tools = SwarmTools.all(new ToolContext(null, java.time.Duration.ofSeconds(1),
                java.time.Duration.ZERO, new LocalApiClient(), null));
        List<McpSchema.Tool> listed = new SwarmMcpServer(tools, "").definitions();

        assertThat(listed).extracting(McpSchema.Tool::name).containsExactly("swarm_send", "swarm_request",
                "swarm_inbox", "swarm_read", "swarm_members", "swarm_who", "swarm_status", "swarm_issue_board",
                "swarm_issue_claim", "swarm_issue_update");
        assertThat(listed).allSatisfy(tool -> {
            assertThat(tool.description()).hasSizeGreaterThan(80);
            assertThat(tool.inputSchema()).containsEntry("type", "object").containsEntry("additionalProperties", false);
        });
        assertThat(listed).filteredOn(t -> Boolean.TRUE.equals(t.annotations().readOnlyHint()))
                .extracting(McpSchema.Tool::name).containsExactly("swarm_members", "swarm_who", "swarm_status",
                        "swarm_issue_board");
        assertThat(listed.get(1).inputSchema().get("required")).isEqualTo(List.of("to", "message"));
        assertThat(listed.get(9).inputSchema().get("required")).isEqualTo(List.of("issue", "status"));
        assertThat(((Map<?, ?>) ((Map<?, ?>) listed.get(9).inputSchema().get("properties")).get("status")).get("enum"))
                .isEqualTo(List.of("done", "blocked", "unblocked", "released"));
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
