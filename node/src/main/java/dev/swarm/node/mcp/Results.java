package dev.swarm.node.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.swarm.node.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tool results as plain maps, written with the node's Jackson configuration (snake_case, unset fields
 * left out), so the records the CLI prints are the shapes the tools return, whatever JSON library
 * the MCP SDK serialises them with.
 */
final class Results {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private Results() {
    }

    static Map<String, Object> fields(Object result) {
        return Json.mapper().convertValue(result, MAP);
    }

    /** The result's fields plus one more, left out when {@code value} is null. */
    static Map<String, Object> with(Object result, String name, Object value) {
        Map<String, Object> fields = fields(result);
        if (value != null) {
            fields.put(name, value);
        }
        return fields;
    }
}
