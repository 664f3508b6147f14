package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.protocol.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemini CLI: {@code GEMINI_CLI_HOME/.gemini/settings.json} (API-key auth selected, no update
 * checks, no usage statistics or telemetry, no IDE nudge, hooks) and {@code trustedFolders.json}
 * (the work tree trusted); {@code GOOGLE_GEMINI_BASE_URL} points at the stand-in.
 */
final class GeminiSetup implements AgentKind.AgentSetup {
    @Override
    public Map<String, String> configure(AgentKind.AgentDirs dirs, String modelUrl, List<Hook> hooks,
            List<String> notify) {
        ObjectNode settings = Json.mapper().createObjectNode();
        settings.putObject("security").putObject("auth").put("selectedType", "gemini-api-key");
        settings.putObject("general").put("enableAutoUpdate", false).put("enableAutoUpdateNotification", false);
        settings.putObject("privacy").put("usageStatisticsEnabled", false);
        settings.putObject("telemetry").put("enabled", false);
        settings.putObject("ide").put("enabled", false).put("hasSeenNudge", true);
        settings.putObject("ui").put("theme", "Default");
        if (!hooks.isEmpty()) {
            ObjectNode byEvent = settings.putObject("hooks");
            for (Hook hook : hooks) {
                String name = hook.event().nameFor(AgentKind.GEMINI);
                ArrayNode groups = byEvent.has(name) ? (ArrayNode) byEvent.get(name) : byEvent.putArray(name);
                ObjectNode group = groups.addObject();
                if (hook.event().toolEvent()) {
                    group.put("matcher", "*");
                }
                group.putArray("hooks").addObject().put("name", "swarm-test-" + name).put("type", "command")
                        .put("command", hook.command()).put("timeout", 30_000);
            }
        }
        ConfigFiles.writeJson(dirs.configHome().resolve(".gemini/settings.json"), settings);
        ConfigFiles.writeJson(dirs.configHome().resolve(".gemini/trustedFolders.json"),
                Json.mapper().createObjectNode().put(dirs.work().toString(), "TRUST_FOLDER"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", dirs.home().toString());
        env.put("GEMINI_CLI_HOME", dirs.configHome().toString());
        env.put("GEMINI_API_KEY", "standin-gemini-key");
        env.put("GOOGLE_GEMINI_BASE_URL", modelUrl);
        return env;
    }

    @Override
    public List<String> arguments() {
        return List.of();
    }
}
