package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.util.Map;

/**
 * The Gemini API as Gemini CLI uses it: {@code POST /v1beta/models/M:streamGenerateContent?alt=sse}
 * for turns (data-only SSE chunks of {@code GenerateContentResponse}), {@code :generateContent} for
 * its side requests (routing, next-speaker and loop checks, which ask for JSON by schema) and
 * {@code :countTokens}. The shell tool is {@code run_shell_command}.
 */
final class GeminiApi {
    private GeminiApi() {
    }

    static boolean isTurn(JsonNode body) {
        return body.path("tools").size() > 0;
    }

    static void countTokens(HttpExchange exchange) throws IOException {
        Sse.json(exchange, 200, Json.mapper().createObjectNode().put("totalTokens", 42));
    }

    static void answer(HttpExchange exchange, JsonNode body, Step step, boolean stream) throws IOException,
            InterruptedException {
        if (!stream) {
            Sse.json(exchange, 200, chunk(textPart(sideAnswer(body, step))));
            return;
        }
        try (Sse sse = Sse.open(exchange)) {
            if (step instanceof Step.Hold hold) {
                hold.markStarted();
                hold.awaitRelease(StandInModel.MAX_HOLD);
                sse.data(chunk(textPart(hold.text())));
            } else if (step instanceof Step.Shell shell) {
                ObjectNode call = Json.mapper().createObjectNode();
                call.putObject("functionCall").put("name", "run_shell_command").putObject("args")
                        .put("command", shell.command()).put("description", "Run the command the test asked for");
                sse.data(chunk(call));
            } else if (step instanceof Step.Reply reply) {
                sse.data(chunk(textPart(reply.text())));
            }
        }
    }

    /** A side request that asks for JSON gets an object with every required property filled in. */
    private static String sideAnswer(JsonNode body, Step step) {
        JsonNode config = body.path("generationConfig");
        JsonNode schema = config.has("responseJsonSchema") ? config.get("responseJsonSchema")
                : config.path("responseSchema");
        if (!"application/json".equals(config.path("responseMimeType").asText()) || schema.isMissingNode()) {
            return step instanceof Step.Reply reply ? reply.text() : "OK";
        }
        return Json.toText(sample(schema));
    }

    /** Answers the CLI's own checks the way that lets a turn end: the user speaks next, use flash. */
    private static final Map<String, String> KNOWN = Map.of("next_speaker", "user", "model_choice", "flash",
            "reasoning", "stand-in model");

    private static JsonNode sample(JsonNode schema) {
        String type = schema.path("type").asText("object").toLowerCase();
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        return switch (type) {
            case "object" -> {
                ObjectNode object = Json.mapper().createObjectNode();
                schema.path("properties").properties().forEach(e -> object.set(e.getKey(),
                        KNOWN.containsKey(e.getKey()) ? Json.mapper().getNodeFactory().textNode(KNOWN.get(e.getKey()))
                                : sample(e.getValue())));
                yield object;
            }
            case "array" -> Json.mapper().createArrayNode();
            case "boolean" -> Json.mapper().getNodeFactory().booleanNode(false);
            case "number", "integer" -> Json.mapper().getNodeFactory().numberNode(0);
            default -> Json.mapper().getNodeFactory().textNode("stand-in");
        };
    }

    private static ObjectNode textPart(String text) {
        return Json.mapper().createObjectNode().put("text", text);
    }

    private static ObjectNode chunk(ObjectNode part) {
        ObjectNode chunk = Json.mapper().createObjectNode();
        ArrayNode candidates = chunk.putArray("candidates");
        ObjectNode candidate = candidates.addObject();
        ObjectNode content = candidate.putObject("content").put("role", "model");
        content.putArray("parts").add(part);
        candidate.put("finishReason", "STOP").put("index", 0);
        chunk.putObject("usageMetadata").put("promptTokenCount", 10).put("candidatesTokenCount", 5)
                .put("totalTokenCount", 15);
        chunk.put("modelVersion", "gemini-standin");
        return chunk;
    }
}
