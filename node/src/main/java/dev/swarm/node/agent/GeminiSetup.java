package dev.swarm.node.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.hook.HookEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gemini CLI: {@code swarm mcp} under {@code mcpServers} and the hooks in the user's
 * {@code settings.json} ({@code ~/.gemini}, or {@code GEMINI_CLI_HOME/.gemini}). Timeouts are
 * milliseconds.
 */
final class GeminiSetup implements AgentSetup {
    private static final HookEntries.Style STYLE = new HookEntries.Style(Map.of("AfterTool", "*"), 10_000);

    @Override
    public AgentKind kind() {
        return AgentKind.GEMINI;
    }

    Path configDir(SetupRequest request) {
        String home = request.env().get("GEMINI_CLI_HOME");
        return (home == null || home.isBlank() ? request.userHome() : Path.of(home)).resolve(".gemini");
    }

    Path settings(SetupRequest request) {
        return configDir(request).resolve("settings.json");
    }

    @Override
    public List<ConfigEdit> install(SetupRequest request) {
        Path file = settings(request);
        return List.of(JsonConfig.edit(file, root -> {
            McpEntries.install(file, root, request, false);
            HookEntries.install(file, root, kind(), request, STYLE);
        }, "MCP server 'swarm'; hooks: " + String.join(", ", HookEvents.names(kind()))));
    }

    @Override
    public List<ConfigEdit> remove(SetupRequest request) {
        Path file = settings(request);
        return List.of(JsonConfig.edit(file, root -> {
            McpEntries.remove(root);
            HookEntries.remove(JsonConfig.object(file, root, "hooks"), kind());
        }, "MCP server 'swarm' and hooks removed"));
    }

    @Override
    public AgentStatus status(SetupRequest request) {
        String text = ConfigEdit.read(settings(request));
        ObjectNode root = JsonConfig.parse(settings(request), text);
        Optional<String> mcpHome = McpEntries.home(root);
        return new AgentStatus(kind().wire(), kind().title(), configDir(request).toString(), text != null,
                mcpHome.isPresent(), mcpHome.orElse(null), HookEntries.installed(root.get("hooks"), kind()),
                HookEntries.missing(root.get("hooks"), kind()), HookEntries.home(root.get("hooks"), kind()).orElse(null),
                List.of());
    }
}
