package dev.swarm.node.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code mcpServers.swarm} entry of a JSON configuration (Claude Code, Gemini CLI): the swarm
 * command with {@code mcp}, and {@code SWARM_HOME} in its environment so the agent reaches this node
 * whatever its own environment holds. An entry called swarm that is not ours is refused, never
 * overwritten.
 */
final class McpEntries {
    static final String NAME = "swarm";

    private McpEntries() {
    }

    static void install(Path file, ObjectNode root, SetupRequest request, boolean withType) {
        ObjectNode servers = JsonConfig.object(file, root, "mcpServers");
        JsonNode existing = servers.get(NAME);
        if (existing != null && !ours(existing)) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, file + " already has an MCP server called '" + NAME
                    + "' that is not swarm's (" + existing.path("command").asText("?") + "); rename or remove it,"
                    + " then run this again. Nothing was changed");
        }
        ObjectNode entry = JsonConfig.newObject();
        if (withType) {
            entry.put("type", "stdio");
        }
        entry.put("command", request.swarmCommand());
        entry.putArray("args").add("mcp");
        entry.putObject("env").put("SWARM_HOME", request.swarmHome().toString());
        servers.set(NAME, entry);
    }

    static void remove(ObjectNode root) {
        if (root.get("mcpServers") instanceof ObjectNode servers && servers.get(NAME) != null && ours(servers.get(NAME))) {
            servers.remove(NAME);
            if (servers.isEmpty()) {
                root.remove("mcpServers");
            }
        }
    }

    /** The node home our entry names, when there is one of ours. */
    static Optional<String> home(JsonNode root) {
        JsonNode entry = root.path("mcpServers").path(NAME);
        return entry.isObject() && ours(entry) ? Optional.ofNullable(entry.path("env").path("SWARM_HOME").asText(null))
                : Optional.empty();
    }

    /** A server whose command is a swarm command and whose only argument is {@code mcp}. */
    static boolean ours(JsonNode entry) {
        String command = entry.path("command").asText("");
        JsonNode args = entry.path("args");
        return (command.equals("swarm") || command.endsWith("/swarm")) && args.isArray() && args.size() == 1
                && "mcp".equals(args.get(0).asText());
    }
}
