package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.time.Duration;

/**
 * The Anthropic Messages API as Claude Code uses it: {@code POST /v1/messages}, streamed as SSE
 * ({@code message_start}, content blocks, {@code message_delta}, {@code message_stop}) when the
 * request says {@code "stream": true}, and {@code POST /v1/messages/count_tokens}. The shell tool is
 * {@code Bash} with {@code {"command": ...}}.
 */
final class AnthropicApi {
    private AnthropicApi() {
    }

    static boolean isTurn(JsonNode body) {
        return body.path("tools").size() > 0;
    }

    static void countTokens(HttpExchange exchange) throws IOException {
        Sse.json(exchange, 200, Json.mapper().createObjectNode().put("input_tokens", 42));
    }

    static void answer(HttpExchange exchange, JsonNode body, Step step, int sequence) throws IOException,
            InterruptedException {
        String id = "msg_standin_" + sequence;
        String model = body.path("model").asText("claude-standin");
        if (!body.path("stream").asBoolean(false)) {
            Sse.json(exchange, 200, whole(id, model, step));
            return;
        }
        try (Sse sse = Sse.open(exchange)) {
            ObjectNode start = Json.mapper().createObjectNode().put("type", "message_start");
            ObjectNode message = start.putObject("message").put("id", id).put("type", "message")
                    .put("role", "assistant").put("model", model);
            message.putArray("content");
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            message.putObject("usage").put("input_tokens", 10).put("output_tokens", 1);
            sse.event("message_start", start);
            if (step instanceof Step.Hold hold) {
                hold.markStarted();
                textBlock(sse, "Working on it. ");
                // a ping every few seconds keeps a long turn's stream alive, as the real API does
                for (int i = 0; i < StandInModel.MAX_HOLD.toSeconds() / 5 && !hold.awaitRelease(Duration.ofSeconds(5));
                        i++) {
                    sse.event("ping", Json.mapper().createObjectNode().put("type", "ping"));
                }
                textBlockAt(sse, 1, hold.text());
                end(sse, "end_turn");
            } else if (step instanceof Step.Shell shell) {
                ObjectNode blockStart = Json.mapper().createObjectNode().put("type", "content_block_start")
                        .put("index", 0);
                blockStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_standin_" + sequence)
                        .put("name", "Bash").putObject("input");
                sse.event("content_block_start", blockStart);
                ObjectNode delta = Json.mapper().createObjectNode().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", Json.toText(
                        Json.mapper().createObjectNode().put("command", shell.command())
                                .put("description", "Run the command the test asked for")));
                sse.event("content_block_delta", delta);
                sse.event("content_block_stop", Json.mapper().createObjectNode().put("type", "content_block_stop")
                        .put("index", 0));
                end(sse, "tool_use");
            } else if (step instanceof Step.Reply reply) {
                textBlock(sse, reply.text());
                end(sse, "end_turn");
            }
        }
    }

    private static void textBlock(Sse sse, String text) throws IOException {
        textBlockAt(sse, 0, text);
    }

    private static void textBlockAt(Sse sse, int index, String text) throws IOException {
        ObjectNode blockStart = Json.mapper().createObjectNode().put("type", "content_block_start").put("index", index);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        sse.event("content_block_start", blockStart);
        ObjectNode delta = Json.mapper().createObjectNode().put("type", "content_block_delta").put("index", index);
        delta.putObject("delta").put("type", "text_delta").put("text", text);
        sse.event("content_block_delta", delta);
        sse.event("content_block_stop", Json.mapper().createObjectNode().put("type", "content_block_stop")
                .put("index", index));
    }

    private static void end(Sse sse, String stopReason) throws IOException {
        ObjectNode delta = Json.mapper().createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", 12);
        sse.event("message_delta", delta);
        sse.event("message_stop", Json.mapper().createObjectNode().put("type", "message_stop"));
    }

    private static ObjectNode whole(String id, String model, Step step) {
        ObjectNode message = Json.mapper().createObjectNode().put("id", id).put("type", "message")
                .put("role", "assistant").put("model", model);
        String text = step instanceof Step.Reply reply ? reply.text() : "OK";
        message.putArray("content").addObject().put("type", "text").put("text", text);
        message.put("stop_reason", "end_turn").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 10).put("output_tokens", 5);
        return message;
    }
}
