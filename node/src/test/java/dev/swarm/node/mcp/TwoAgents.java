package dev.swarm.node.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.client.LocalApiClient;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.state.InboxStatus;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.TestNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alice and bob, real nodes serving over TLS, in one swarm that alice created; alice's agent calls the
 * MCP tools of her node (through {@link SwarmMcpServer#call}, as the SDK does), bob's node is the peer.
 */
final class TwoAgents implements AutoCloseable {
    final TestNode alice;
    final TestNode bob;
    final Swarm swarm;
    private final LocalApiClient localApi = new LocalApiClient();

    TwoAgents(Path dir) {
        this(dir, NodeOptions.DEFAULTS);
    }

    /** As {@link #TwoAgents(Path)}, alice's node opened with {@code aliceOptions} (GitHub settings, say). */
    TwoAgents(Path dir, NodeOptions aliceOptions) {
        alice = TestNode.start(dir, "alice", aliceOptions);
        bob = TestNode.start(dir, "bob");
        swarm = alice.node().swarms().create("build-team", false);
        bob.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
    }

    /** The tools of alice's serving node, swarm_request waiting at most {@code maxWait}. */
    ToolContext context(Duration maxWait) {
        return new ToolContext(alice.node(), maxWait, Duration.ofSeconds(5), localApi, null);
    }

    /** The tools of bob's serving node, for what bob's agent sees. */
    ToolContext bobsContext() {
        return new ToolContext(bob.node(), Duration.ofSeconds(60), Duration.ofSeconds(5), localApi, null);
    }

    LocalApiClient localApi() {
        return localApi;
    }

    /** Calls a tool of {@code context} that must succeed; its structured result, checked against its schema. */
    static JsonNode ok(ToolContext context, Tool tool, Map<String, Object> arguments, String schema) {
        return ok(tool, arguments, Progress.NONE, schema);
    }

    /** As {@link #ok}, for a swarm_request whose progress reports go to {@code progress}. */
    static JsonNode okWithProgress(Tool request, Map<String, Object> arguments, Progress progress) {
        return ok(request, arguments, progress, "request");
    }

    private static JsonNode ok(Tool tool, Map<String, Object> arguments, Progress progress, String schema) {
        McpSchema.CallToolResult result = new SwarmMcpServer(List.of(tool), "").call(tool, arguments, progress);
        String structured = Json.toText(result.structuredContent());
        assertThat(result.isError()).as("%s answered %s", tool.name(), structured).isFalse();
        Schemas.assertValid("mcp/" + schema + ".schema.json", structured);
        assertThat(Json.readTree(((McpSchema.TextContent) result.content().get(0)).text()))
                .as("the text content is the structured result").isEqualTo(Json.readTree(structured));
        return Json.readTree(structured);
    }

    /** Calls a tool that must fail; the error inside its structured result (code, message, details). */
    static JsonNode error(Tool tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = new SwarmMcpServer(List.of(tool), "").call(tool, arguments, Progress.NONE);
        String structured = Json.toText(result.structuredContent());
        assertThat(result.isError()).as("%s answered %s", tool.name(), structured).isTrue();
        Schemas.assertValid("mcp/error.schema.json", structured);
        JsonNode error = Json.readTree(structured).get("error");
        assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                .startsWith(error.get("code").asText() + ": " + error.get("message").asText());
        return error;
    }

    static Tool tool(ToolContext context, String name) {
        return SwarmTools.all(context).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** Bob sends alice a message; returns once alice's node has stored it. */
    String bobTellsAlice(String text) {
        String id = bob.node().messages().send(SendRequest.text(null, "alice", text)).messageId();
        await("alice stores bob's message").atMost(Duration.ofSeconds(20)).until(() -> aliceHas(id).isPresent());
        return id;
    }

    Optional<MessageView> aliceHas(String messageId) {
        return inbox(alice).stream().filter(m -> m.messageId().equals(messageId)).findFirst();
    }

    static List<MessageView> inbox(TestNode node) {
        return node.node().inbox().list(null, EnumSet.allOf(InboxStatus.class), 1000, false);
    }

    @Override
    public void close() {
        localApi.close();
        bob.close();
        alice.close();
    }
}
