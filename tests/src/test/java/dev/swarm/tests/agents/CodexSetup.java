package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codex CLI: {@code CODEX_HOME} holds {@code config.toml} (a model provider pointing at the
 * stand-in, the work tree trusted, no update check, no background app-server daemon, no model
 * announcement for a model name Codex does not know) and {@code hooks.json}. Hooks run only once
 * trusted: each gets a {@code [hooks.state."<hooks.json>:<event>:<group>:<handler>"]} entry whose
 * {@code trusted_hash} is what Codex itself writes when the user picks "Trust all and continue".
 */
final class CodexSetup implements AgentKind.AgentSetup {
    static final String MODEL = "standin-model";
    static final int HOOK_TIMEOUT_SECONDS = 30;

    @Override
    public Map<String, String> configure(AgentKind.AgentDirs dirs, String modelUrl, List<Hook> hooks,
            List<String> notify) {
        StringBuilder toml = new StringBuilder();
        toml.append("model = ").append(string(MODEL)).append('\n');
        toml.append("model_provider = \"standin\"\n");
        toml.append("check_for_update_on_startup = false\n");
        if (!notify.isEmpty()) {
            toml.append("notify = [").append(String.join(", ", notify.stream().map(CodexSetup::string).toList()))
                    .append("]\n");
        }
        toml.append("\n[model_providers.standin]\nname = \"Stand-in\"\n");
        toml.append("base_url = ").append(string(modelUrl + "/v1")).append('\n');
        toml.append("env_key = \"STANDIN_API_KEY\"\nwire_api = \"responses\"\n");
        toml.append("\n[projects.").append(string(dirs.work().toString())).append("]\ntrust_level = \"trusted\"\n");
        toml.append("\n[tui]\nscreen_reader_detection_done = true\n");
        // 0.171 otherwise starts `codex app-server` as a daemon that outlives the TUI
        toml.append("\n[features]\ndaemon_auto_start = false\n");
        if (!hooks.isEmpty()) {
            toml.append(hooks(dirs, hooks));
        }
        ConfigFiles.write(dirs.configHome().resolve("config.toml"), toml.toString());
        return Map.of("HOME", dirs.home().toString(), "CODEX_HOME", dirs.configHome().toString(),
                "STANDIN_API_KEY", "sk-standin-codex");
    }

    /** Writes hooks.json and returns the {@code [hooks.state]} tables that mark its handlers trusted. */
    static String hooks(AgentKind.AgentDirs dirs, List<Hook> hooks) {
        String hooksJson = dirs.configHome().resolve("hooks.json").toString();
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode byEvent = root.putObject("hooks");
        Map<HookEvent, Integer> groupsPerEvent = new LinkedHashMap<>();
        List<String> state = new ArrayList<>();
        for (Hook hook : hooks) {
            String name = hook.event().nameFor(AgentKind.CODEX);
            ArrayNode groups = byEvent.has(name) ? (ArrayNode) byEvent.get(name) : byEvent.putArray(name);
            int groupIndex = groupsPerEvent.merge(hook.event(), 1, Integer::sum) - 1;
            ObjectNode group = groups.addObject();
            if (hook.event().toolEvent()) {
                group.put("matcher", "*");
            }
            group.putArray("hooks").addObject().put("type", "command").put("command", hook.command())
                    .put("timeout", HOOK_TIMEOUT_SECONDS);
            String key = hooksJson + ":" + hook.event().codexStateName() + ":" + groupIndex + ":0";
            state.add("\n[hooks.state." + string(key) + "]\ntrusted_hash = "
                    + string(trustedHash(hook.event(), hook.event().toolEvent() ? "*" : null, hook.command(),
                            HOOK_TIMEOUT_SECONDS))
                    + "\n");
        }
        ConfigFiles.writeJson(dirs.configHome().resolve("hooks.json"), root);
        return "\n[hooks.state]\n" + String.join("", state);
    }

    /**
     * Codex 0.171's trust fingerprint of one command hook: SHA-256 over the canonical (sorted keys,
     * compact) JSON of {@code {"event_name", "hooks": [{"async": false, "command", "timeout",
     * "type": "command"}], "matcher"}}, the matcher only for events that take one. Checked against the
     * hashes Codex wrote itself after "Trust all and continue".
     */
    static String trustedHash(HookEvent event, String matcher, String command, int timeoutSeconds) {
        ObjectNode identity = Json.mapper().createObjectNode().put("event_name", event.codexStateName());
        identity.putArray("hooks").addObject().put("async", false).put("command", command)
                .put("timeout", timeoutSeconds).put("type", "command");
        if (matcher != null && (event == HookEvent.AFTER_TOOL || event == HookEvent.SESSION_START)) {
            identity.put("matcher", matcher);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.toText(identity).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> arguments() {
        return List.of();
    }

    /** A TOML basic string. */
    static String string(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
