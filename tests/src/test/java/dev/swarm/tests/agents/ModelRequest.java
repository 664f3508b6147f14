package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One request a real agent sent to the stand-in model, as received: which API, the path, the JSON
 * body, and whether it was a turn of the agent's main loop (it carried the agent's tools) or a side
 * request (a title, a token count, a routing or next-speaker check).
 */
record ModelRequest(Api api, String method, String path, JsonNode body, boolean turn) {

    enum Api {
        ANTHROPIC, RESPONSES, GEMINI, OTHER
    }

    /** Every string in the body, one a line: what the model was shown, whatever the API's shape. */
    String text() {
        StringBuilder out = new StringBuilder();
        collect(body, out);
        return out.toString();
    }

    /**
     * The text of the last user message: the prompt as typed plus whatever the client added to that
     * message (Claude Code puts hook context there as {@code <system-reminder>} blocks).
     */
    String lastUserText() {
        List<String> texts = userTexts();
        return texts.isEmpty() ? "" : texts.get(texts.size() - 1);
    }

    /** The text of each user message of the conversation, oldest first (tool results excluded). */
    List<String> userTexts() {
        List<String> texts = new ArrayList<>();
        for (JsonNode message : messages()) {
            if (!isUser(message)) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode part : parts(message)) {
                if (part.isTextual()) {
                    text.append(part.asText()).append('\n');
                } else if (part.has("text") && !isToolResult(part)) {
                    text.append(part.get("text").asText()).append('\n');
                }
            }
            if (!text.isEmpty()) {
                texts.add(text.toString());
            }
        }
        return texts;
    }

    /** The output of every tool call the agent reports back in this request, oldest first. */
    List<String> toolResults() {
        List<String> results = new ArrayList<>();
        for (JsonNode message : messages()) {
            if (api == Api.RESPONSES && "function_call_output".equals(message.path("type").asText())) {
                results.add(stringOf(message.get("output")));
            }
            for (JsonNode part : parts(message)) {
                if (isToolResult(part)) {
                    JsonNode content = part.has("content") ? part.get("content") : part.path("functionResponse");
                    results.add(stringOf(content));
                }
            }
        }
        return results;
    }

    /** The system prompt or instructions. */
    String system() {
        return switch (api) {
            case ANTHROPIC -> stringOf(body.path("system"));
            case RESPONSES -> body.path("instructions").asText("");
            case GEMINI -> stringOf(body.path("systemInstruction"));
            case OTHER -> "";
        };
    }

    /** The names of the tools the agent offered the model. */
    List<String> toolNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode tool : body.path("tools")) {
            if (tool.has("functionDeclarations")) {
                tool.get("functionDeclarations").forEach(f -> names.add(f.path("name").asText()));
            } else if (tool.has("name")) {
                names.add(tool.get("name").asText());
            } else if (tool.has("type")) {
                names.add(tool.get("type").asText());
            }
        }
        return names;
    }

    private List<JsonNode> messages() {
        JsonNode list = switch (api) {
            case ANTHROPIC -> body.path("messages");
            case RESPONSES -> body.path("input");
            case GEMINI -> body.path("contents");
            case OTHER -> body.path("none");
        };
        List<JsonNode> messages = new ArrayList<>();
        list.forEach(messages::add);
        return messages;
    }

    private static boolean isUser(JsonNode message) {
        return "user".equals(message.path("role").asText());
    }

    private static List<JsonNode> parts(JsonNode message) {
        JsonNode content = message.has("parts") ? message.get("parts") : message.path("content");
        List<JsonNode> parts = new ArrayList<>();
        if (content.isTextual()) {
            parts.add(content);
        } else {
            content.forEach(parts::add);
        }
        return parts;
    }

    private static boolean isToolResult(JsonNode part) {
        return "tool_result".equals(part.path("type").asText()) || part.has("functionResponse");
    }

    private static String stringOf(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        StringBuilder out = new StringBuilder();
        collect(node, out);
        return out.toString();
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isTextual()) {
            out.append(node.asText()).append('\n');
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, out));
        }
    }

    @Override
    public String toString() {
        return api + " " + method + " " + path + (turn ? " (turn)" : " (side)") + " tools=" + toolNames().size()
                + " last user text: " + abbreviate(lastUserText());
    }

    private static String abbreviate(String text) {
        String flat = text.replace('\n', ' ');
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
