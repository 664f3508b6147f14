package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.protocol.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Claude Code: {@code CLAUDE_CONFIG_DIR} holds {@code .claude.json} (onboarding done, theme, the
 * dummy API key approved by its last 20 characters, the work tree trusted) and {@code settings.json}
 * (hooks). {@code --permission-mode default} asks before tools run (2.1.332 defaults to "auto mode",
 * and setting {@code permissions.defaultMode} instead brings up a one-time opt-in dialog).
 */
final class ClaudeSetup implements AgentKind.AgentSetup {
    static final String API_KEY = "sk-ant-standin-0123456789abcdefghij";

    @Override
    public Map<String, String> configure(AgentKind.AgentDirs dirs, String modelUrl, List<Hook> hooks,
            List<String> notify) {
        ObjectNode state = Json.mapper().createObjectNode().put("hasCompletedOnboarding", true).put("theme", "dark");
        ObjectNode keys = state.putObject("customApiKeyResponses");
        keys.putArray("approved").add(API_KEY.substring(API_KEY.length() - 20));
        keys.putArray("rejected");
        state.putObject("projects").putObject(dirs.work().toString()).put("hasTrustDialogAccepted", true)
                .put("hasCompletedProjectOnboarding", true);
        ConfigFiles.writeJson(dirs.configHome().resolve(".claude.json"), state);

        ObjectNode settings = Json.mapper().createObjectNode();
        if (!hooks.isEmpty()) {
            ObjectNode byEvent = settings.putObject("hooks");
            for (Hook hook : hooks) {
                String name = hook.event().nameFor(AgentKind.CLAUDE);
                ArrayNode groups = byEvent.has(name) ? (ArrayNode) byEvent.get(name) : byEvent.putArray(name);
                ObjectNode group = groups.addObject();
                if (hook.event().toolEvent()) {
                    group.put("matcher", "*");
                }
                group.putArray("hooks").addObject().put("type", "command").put("command", hook.command())
                        .put("timeout", 30);
            }
        }
        ConfigFiles.writeJson(dirs.configHome().resolve("settings.json"), settings);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", dirs.home().toString());
        env.put("CLAUDE_CONFIG_DIR", dirs.configHome().toString());
        env.put("ANTHROPIC_BASE_URL", modelUrl);
        env.put("ANTHROPIC_API_KEY", API_KEY);
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        return env;
    }

    @Override
    public List<String> arguments() {
        return List.of("--permission-mode", "default");
    }
}
