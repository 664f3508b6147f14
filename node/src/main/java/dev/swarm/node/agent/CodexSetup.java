package dev.swarm.node.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.hook.HookEvents;
import dev.swarm.node.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Codex CLI, in its home ({@code CODEX_HOME}, default {@code ~/.codex}): {@code swarm mcp} as
 * {@code [mcp_servers.swarm]} and {@code notify} (run at the end of every turn: the wake's exact
 * "idle now") in {@code config.toml}, and hooks in {@code hooks.json}. A {@code notify} program the
 * user had is kept: ours runs it afterwards with the same argument, and taking ours out puts it back.
 */
final class CodexSetup implements AgentSetup {
    private static final HookEntries.Style STYLE = new HookEntries.Style(Map.of("PostToolUse", "*"), 10);

    @Override
    public AgentKind kind() {
        return AgentKind.CODEX;
    }

    Path home(SetupRequest request) {
        return request.dir("CODEX_HOME", ".codex");
    }

    Path config(SetupRequest request) {
        return home(request).resolve("config.toml");
    }

    Path hooks(SetupRequest request) {
        return home(request).resolve("hooks.json");
    }

    @Override
    public List<ConfigEdit> install(SetupRequest request) {
        Path file = config(request);
        String before = ConfigEdit.read(file);
        TomlConfig toml = TomlConfig.of(file, before);
        List<String> chained = chained(toml);
        toml.removeBlock(TomlConfig.TOP_BEGIN);
        toml.removeBlock(TomlConfig.TABLE_BEGIN);
        if (toml.parse().path("mcp_servers").has(McpEntries.NAME)) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, file + " already has [mcp_servers." + McpEntries.NAME
                    + "] of its own; rename or remove it, then run this again. Nothing was changed");
        }
        JsonNode userNotify = toml.parse().get("notify");
        if (!toml.takeTopLevel("notify").isEmpty() && userNotify != null && userNotify.isArray()) {
            chained = new ArrayList<>();
            for (JsonNode word : userNotify) {
                chained.add(word.asText());
            }
        }
        List<String> notify = new ArrayList<>(List.of(request.swarmCommand(), "hook", kind().wire(), "notify", "--home",
                request.swarmHome().toString()));
        if (!chained.isEmpty()) {
            notify.add("--");
            notify.addAll(chained);
        }
        toml.addTop(List.of("notify = " + TomlConfig.array(notify)));
        Path hooks = hooks(request);
        ConfigEdit hooksEdit = JsonConfig.edit(hooks, root -> HookEntries.install(hooks, root, kind(), request, STYLE),
                "hooks: " + String.join(", ", HookEvents.names(kind()).stream()
                        .filter(name -> !"notify".equals(name)).toList()));
        List<String> tables = new ArrayList<>(List.of("[mcp_servers." + McpEntries.NAME + "]",
                "command = " + TomlConfig.string(request.swarmCommand()), "args = [\"mcp\"]",
                "env = { SWARM_HOME = " + TomlConfig.string(request.swarmHome().toString()) + " }"));
        tables.addAll(trust(hooks, JsonConfig.parse(hooks, hooksEdit.after())));
        toml.addTables(tables);
        String after = toml.render();
        return List.of(new ConfigEdit(file, before, after, List.of("MCP server 'swarm'", "notify (turn finished)"
                        + (chained.isEmpty() ? "" : ", then your notify program " + chained.get(0)),
                        "our hooks marked trusted (as \"Trust all and continue\" would)")), hooksEdit);
    }

    @Override
    public List<ConfigEdit> remove(SetupRequest request) {
        Path file = config(request);
        String before = ConfigEdit.read(file);
        TomlConfig toml = TomlConfig.of(file, before);
        List<String> chained = chained(toml);
        toml.removeBlock(TomlConfig.TOP_BEGIN);
        toml.removeBlock(TomlConfig.TABLE_BEGIN);
        if (!chained.isEmpty()) {
            toml.addTopPlain(List.of("notify = " + TomlConfig.array(chained)));
        }
        Path hooks = hooks(request);
        return List.of(new ConfigEdit(file, before, before == null ? null : toml.render(),
                        List.of("MCP server 'swarm' and notify removed" + (chained.isEmpty() ? ""
                                : "; your notify program " + chained.get(0) + " restored"))),
                JsonConfig.edit(hooks, root -> HookEntries.remove(JsonConfig.object(hooks, root, "hooks"), kind()),
                        "hooks removed"));
    }

    @Override
    public AgentStatus status(SetupRequest request) {
        TomlConfig toml = TomlConfig.of(config(request), ConfigEdit.read(config(request)));
        JsonNode parsed = toml.parse();
        JsonNode server = parsed.path("mcp_servers").path(McpEntries.NAME);
        boolean mcp = !toml.block(TomlConfig.TABLE_BEGIN).isEmpty() && server.isObject();
        ObjectNode hooks = JsonConfig.parse(hooks(request), ConfigEdit.read(hooks(request)));
        List<String> installed = new ArrayList<>(HookEntries.installed(hooks.get("hooks"), kind()));
        List<String> missing = new ArrayList<>(HookEntries.missing(hooks.get("hooks"), kind()));
        boolean notify = !toml.block(TomlConfig.TOP_BEGIN).isEmpty();
        (notify ? installed : missing).add("notify");
        return new AgentStatus(kind().wire(), kind().title(), home(request).toString(),
                ConfigEdit.read(config(request)) != null, mcp, mcp ? server.path("env").path("SWARM_HOME").asText(null)
                : null, installed, missing, HookEntries.home(hooks.get("hooks"), kind()).orElse(null), List.of());
    }

    /**
     * Codex runs a hook from {@code hooks.json} only once the user trusted it: a
     * {@code [hooks.state."FILE:EVENT:GROUP:HANDLER"]} table whose {@code trusted_hash} is what Codex
     * itself writes on "Trust all and continue". Running {@code swarm agent setup codex} is that consent
     * for our own hooks, and only for them: each is fingerprinted exactly as installed, so an edit of
     * the command (by anyone) makes Codex ask again.
     */
    static List<String> trust(Path hooksFile, ObjectNode root) {
        List<String> tables = new ArrayList<>();
        root.path("hooks").fields().forEachRemaining(event -> {
            int group = 0;
            for (JsonNode entry : event.getValue()) {
                int handler = 0;
                for (JsonNode hook : entry.path("hooks")) {
                    if (HookEntries.ours(hook.path("command").asText(null), AgentKind.CODEX)) {
                        String state = snake(event.getKey());
                        String key = hooksFile.toAbsolutePath() + ":" + state + ":" + group + ":" + handler;
                        tables.add("[hooks.state." + TomlConfig.string(key) + "]");
                        tables.add("trusted_hash = " + TomlConfig.string(trustedHash(state,
                                entry.path("matcher").asText(null), hook.path("command").asText(),
                                hook.path("timeout").asInt())));
                    }
                    handler++;
                }
                group++;
            }
        });
        return tables;
    }

    /**
     * Codex 0.171's fingerprint of one command hook: SHA-256 over the compact JSON, keys sorted, of
     * {@code {"event_name", "hooks": [{"async": false, "command", "timeout", "type": "command"}],
     * "matcher"}}, the matcher only for the events that take one.
     */
    static String trustedHash(String event, String matcher, String command, int timeoutSeconds) {
        Map<String, Object> hook = new TreeMap<>(Map.of("async", false, "command", command, "timeout", timeoutSeconds,
                "type", "command"));
        Map<String, Object> identity = new TreeMap<>();
        identity.put("event_name", event);
        identity.put("hooks", List.of(hook));
        if (matcher != null && ("post_tool_use".equals(event) || "pre_tool_use".equals(event)
                || "session_start".equals(event))) {
            identity.put("matcher", matcher);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.toText(identity)
                    .getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code PostToolUse} → {@code post_tool_use}. */
    static String snake(String event) {
        return event.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** The user's own notify program that our notify runs after itself (the words after {@code --}). */
    private List<String> chained(TomlConfig toml) {
        List<String> block = toml.block(TomlConfig.TOP_BEGIN);
        if (block.isEmpty()) {
            return List.of();
        }
        JsonNode notify = TomlConfig.of(null, String.join("\n", block)).parse().get("notify");
        List<String> words = new ArrayList<>();
        boolean after = false;
        if (notify != null) {
            for (JsonNode word : notify) {
                if (after) {
                    words.add(word.asText());
                }
                after |= "--".equals(word.asText());
            }
        }
        return words;
    }
}
