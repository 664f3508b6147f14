package dev.swarm.tests.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.protocol.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Reads what the reference stores for each message it receives: {@code toon.encode} of the envelope as
 * its server parsed it (TOON, a line-oriented JSON notation). Only the part envelopes use: objects
 * nested by two-space indentation, and {@code key: value} lines whose value is a JSON-quoted string, a
 * number, {@code true}, {@code false}, {@code null} or a bare word. A list ({@code key[N]...}) is kept
 * as its header's text; nothing here needs one.
 */
final class Toon {
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");

    private Toon() {
    }

    static ObjectNode read(String text) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        Deque<ObjectNode> open = new ArrayDeque<>();
        open.push(root);
        int skipDeeperThan = -1;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int indent = (line.length() - line.stripLeading().length()) / 2;
            if (skipDeeperThan >= 0 && indent > skipDeeperThan) {
                continue;
            }
            skipDeeperThan = -1;
            while (open.size() > indent + 1) {
                open.pop();
            }
            String body = line.strip();
            int keyEnd = keyEnd(body);
            String key = body.startsWith("\"") ? Json.readTree(body.substring(0, keyEnd)).asText()
                    : body.substring(0, keyEnd).strip();
            String rest = body.substring(keyEnd);
            if (rest.startsWith("[")) {
                open.peek().put(key, rest);
                skipDeeperThan = indent;
            } else if (rest.strip().equals(":")) {
                open.push(open.peek().putObject(key));
            } else if (rest.startsWith(": ")) {
                open.peek().set(key, scalar(rest.substring(2).strip()));
            } else {
                throw new IllegalArgumentException("not a TOON line this reader knows: " + line + "\nin:\n" + text);
            }
        }
        return root;
    }

    private static int keyEnd(String body) {
        if (body.startsWith("\"")) {
            boolean escaped = false;
            for (int i = 1; i < body.length(); i++) {
                char c = body.charAt(i);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    return i + 1;
                }
            }
            throw new IllegalArgumentException("unterminated key: " + body);
        }
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == ':' || body.charAt(i) == '[') {
                return i;
            }
        }
        throw new IllegalArgumentException("no key in: " + body);
    }

    private static JsonNode scalar(String value) {
        if (value.startsWith("\"") || value.equals("null") || value.equals("true") || value.equals("false")
                || NUMBER.matcher(value).matches()) {
            return Json.readTree(value);
        }
        return JsonNodeFactory.instance.textNode(value);
    }
}
