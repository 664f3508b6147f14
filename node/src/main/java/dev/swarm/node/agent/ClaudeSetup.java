package dev.swarm.node.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.swarm.node.hook.HookEvents;

/**
 * Claude Code: hooks in {@code settings.json} of its configuration directory ({@code CLAUDE_CONFIG_DIR},
 * default {@code ~/.claude}), and {@code swarm mcp} as a user-scope MCP server in {@code .claude.json}
 * ({@code ~/.claude.json}, or inside {@code CLAUDE_CONFIG_DIR} when that is set). Timeouts are seconds.
 */
final class ClaudeSetup implements AgentSetup {
    private static final HookEntries.Style STYLE = new HookEntries.Style(Map.of("PostToolUse", "*"), 10);

    @Override
    public AgentKind kind() {
        return AgentKind.CLAUDE;
    }

    Path configDir(SetupRequest request) {
        return request.dir("CLAUDE_CONFIG_DIR", ".claude");
    }

    Path settings(SetupRequest request) {
        return configDir(request).resolve("settings.json");
    }

    Path state(SetupRequest request) {
        String dir = request.env().get("CLAUDE_CONFIG_DIR");
        return dir == null || dir.isBlank() ? request.userHome().resolve(".claude.json") : Path.of(dir, ".claude.json");
    }

    @Override
    public List<ConfigEdit> install(SetupRequest request) {
        Path settings = settings(request);
        Path state = state(request);
        return List.of(
                JsonConfig.edit(settings, root -> HookEntries.install(settings, root, kind(), request, STYLE),
                        "hooks: " + String.join(", ", HookEvents.names(kind()))),
                JsonConfig.edit(state, root -> McpEntries.install(state, root, request, true), "MCP server 'swarm' (user scope)"));
    }

    @Override
    public List<ConfigEdit> remove(SetupRequest request) {
        Path settings = settings(request);
        Path state = state(request);
        return List.of(
                JsonConfig.edit(settings, root -> HookEntries.remove(JsonConfig.object(settings, root, "hooks"), kind()),
                        "hooks removed"),
                JsonConfig.edit(state, McpEntries::remove, "MCP server 'swarm' removed"));
    }

    @Override
    public AgentStatus status(SetupRequest request) {
        ObjectNode settings = JsonConfig.parse(settings(request), ConfigEdit.read(settings(request)));
        ObjectNode state = JsonConfig.parse(state(request), ConfigEdit.read(state(request)));
        Optional<String> mcpHome = McpEntries.home(state);
        List<String> notes = new ArrayList<>();
        return new AgentStatus(kind().wire(), kind().title(), configDir(request).toString(),
                ConfigEdit.read(state(request)) != null || ConfigEdit.read(settings(request)) != null,
                mcpHome.isPresent(), mcpHome.orElse(null), HookEntries.installed(settings.get("hooks"), kind()),
                HookEntries.missing(settings.get("hooks"), kind()), HookEntries.home(settings.get("hooks"), kind())
                .orElse(null), notes);
    }
}
