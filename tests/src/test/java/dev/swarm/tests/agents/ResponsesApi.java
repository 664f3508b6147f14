package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.swarm.node.protocol.Json;
import java.io.IOException;

/**
 * The OpenAI Responses API as Codex uses it: {@code POST <base_url>/responses} streamed as SSE
 * ({@code response.created}, {@code response.output_item.done} per item, {@code response.completed}).
 * The shell tool is whichever of Codex's shell tools the request offers ({@code shell} with an argv,
 * {@code shell_command} or {@code exec_command} with a command string).
 */
final class ResponsesApi {
    private ResponsesApi() {
    }

    static boolean isTurn(JsonNode body) {
        return body.path("tools").size() > 0;
    }

    static void answer(HttpExchange exchange, JsonNode body, Step step, int sequence) throws IOException,
            InterruptedException {
        String id = "resp_standin_" + sequence;
        String model = body.path("model").asText("gpt-standin");
        try (Sse sse = Sse.open(exchange)) {
            ObjectNode created = Json.mapper().createObjectNode().put("type", "response.created");
            created.set("response", response(id, model, "in_progress", Json.mapper().createArrayNode()));
            sse.event("response.created", created);
            ArrayNode output = Json.mapper().createArrayNode();
            if (step instanceof Step.Hold hold) {
                hold.markStarted();
                hold.awaitRelease(StandInModel.MAX_HOLD);
                output.add(message(sse, "msg_standin_" + sequence, hold.text()));
            } else if (step instanceof Step.Shell shell) {
                output.add(shellCall(sse, body, shell.command(), sequence));
            } else if (step instanceof Step.Reply reply) {
                output.add(message(sse, "msg_standin_" + sequence, reply.text()));
            }
            ObjectNode completed = Json.mapper().createObjectNode().put("type", "response.completed");
            completed.set("response", response(id, model, "completed", output));
            sse.event("response.completed", completed);
        }
    }

    private static ObjectNode message(Sse sse, String itemId, String text) throws IOException {
        ObjectNode item = Json.mapper().createObjectNode().put("type", "message").put("id", itemId)
                .put("role", "assistant").put("status", "completed");
        ObjectNode added = Json.mapper().createObjectNode().put("type", "response.output_item.added")
                .put("output_index", 0);
        ObjectNode emptyItem = item.deepCopy();
        emptyItem.putArray("content");
        added.set("item", emptyItem);
        sse.event("response.output_item.added", added);
        ObjectNode delta = Json.mapper().createObjectNode().put("type", "response.output_text.delta")
                .put("item_id", itemId).put("output_index", 0).put("content_index", 0).put("delta", text);
        sse.event("response.output_text.delta", delta);
        item.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
        ObjectNode done = Json.mapper().createObjectNode().put("type", "response.output_item.done")
                .put("output_index", 0);
        done.set("item", item);
        sse.event("response.output_item.done", done);
        return item;
    }

    private static ObjectNode shellCall(Sse sse, JsonNode body, String command, int sequence) throws IOException {
        String tool = shellTool(body);
        ObjectNode arguments = Json.mapper().createObjectNode();
        switch (tool) {
            case "shell" -> arguments.putArray("command").add("bash").add("-lc").add(command);
            // asking for an unsandboxed run is what makes Codex show its approval dialog by default
            case "exec_command" -> arguments.put("cmd", command).put("sandbox_permissions", "require_escalated")
                    .put("justification", "Run the command the test asked for");
            default -> arguments.put("command", command);
        }
        ObjectNode item = Json.mapper().createObjectNode().put("type", "function_call").put("id", "fc_standin_" + sequence)
                .put("call_id", "call_standin_" + sequence).put("name", tool).put("arguments", Json.toText(arguments))
                .put("status", "completed");
        ObjectNode done = Json.mapper().createObjectNode().put("type", "response.output_item.done")
                .put("output_index", 0);
        done.set("item", item);
        sse.event("response.output_item.done", done);
        return item;
    }

    /** The name of the shell tool this Codex offers (it varies with version and features). */
    static String shellTool(JsonNode body) {
        for (String preferred : new String[] {"shell_command", "exec_command", "shell"}) {
            for (JsonNode tool : body.path("tools")) {
                if (preferred.equals(tool.path("name").asText())) {
                    return preferred;
                }
            }
        }
        throw new IllegalStateException("the request offers no shell tool: " + body.path("tools"));
    }

    private static ObjectNode response(String id, String model, String status, ArrayNode output) {
        ObjectNode response = Json.mapper().createObjectNode().put("id", id).put("object", "response")
                .put("created_at", System.currentTimeMillis() / 1000).put("status", status).put("model", model);
        response.set("output", output);
        response.putObject("usage").put("input_tokens", 10).put("output_tokens", 5).put("total_tokens", 15)
                .<ObjectNode>set("input_tokens_details", Json.mapper().createObjectNode().put("cached_tokens", 0))
                .set("output_tokens_details", Json.mapper().createObjectNode().put("reasoning_tokens", 0));
        return response;
    }
}
