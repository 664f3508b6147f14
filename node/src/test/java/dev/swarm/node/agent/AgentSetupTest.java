package dev.swarm.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.config.ConfigFile;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code swarm agent setup} and {@code remove} on each agent's own files: merged with what the user
 * has (nothing of theirs moves or changes), backed up, shown and not written in a dry run, unchanged
 * by a second run, refused (and nothing written) where the file cannot be merged safely, and taken
 * back out cleanly.
 */
class AgentSetupTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private SetupRequest request() {
        return new SetupRequest("/opt/swarm/swarm", dir.resolve("node home"), Map.of("HOME", dir.resolve("home")
                .toString()));
    }

    private AgentInstaller.Result setup(AgentKind kind, boolean dryRun) {
        return new AgentInstaller(CLOCK).setup(kind, request(), ConfigFile.read(dir.resolve("node home/config.yaml")),
                Optional.of("agents:0.1"), dryRun);
    }

    private Path home() {
        return dir.resolve("home");
    }

    @ParameterizedTest
    @EnumSource(AgentKind.class)
    void aSecondRunChangesNothing(AgentKind kind) throws IOException {
        setup(kind, false);
        Map<Path, String> first = snapshot();

        AgentInstaller.Result again = setup(kind, false);

        assertThat(again.files()).allSatisfy(file -> assertThat(file.status()).isEqualTo("unchanged"));
        assertThat(snapshot()).isEqualTo(first);
        AgentStatus status = AgentSetups.of(kind).status(request());
        assertThat(status.mcpRegistered()).isTrue();
        assertThat(status.mcpHome()).isEqualTo(dir.resolve("node home").toString());
        assertThat(status.hooksMissing()).isEmpty();
        assertThat(status.hooksHome()).isEqualTo(dir.resolve("node home").toString());
    }

    @ParameterizedTest
    @EnumSource(AgentKind.class)
    void aDryRunShowsTheChangeAndWritesNothing(AgentKind kind) throws IOException {
        AgentInstaller.Result result = setup(kind, true);

        assertThat(snapshot()).isEmpty();
        assertThat(result.files()).anySatisfy(file -> {
            assertThat(file.status()).isEqualTo("would change");
            assertThat(file.diff()).contains("+").contains("swarm");
        });
    }

    @Test
    void claudeKeepsTheUsersHooksAndSettingsAndBacksTheFileUp() throws IOException {
        Path settings = home().resolve(".claude/settings.json");
        String mine = """
                {
                  "model": "opus",
                  "hooks": {
                    "PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command": "lint.sh"}]}]
                  }
                }
                """;
        write(settings, mine);

        AgentInstaller.Result result = setup(AgentKind.CLAUDE, false);

        JsonNode after = Json.mapper().readTree(Files.readString(settings));
        assertThat(after.path("model").asText()).isEqualTo("opus");
        JsonNode groups = after.path("hooks").path("PostToolUse");
        assertThat(groups.get(0).path("hooks").get(0).path("command").asText()).isEqualTo("lint.sh");
        assertThat(groups.get(1).path("hooks").get(0).path("command").asText())
                .isEqualTo("/opt/swarm/swarm hook claude PostToolUse --home '" + dir.resolve("node home") + "'");
        assertThat(after.path("hooks").fieldNames()).toIterable()
                .contains("SessionStart", "UserPromptSubmit", "PostToolUse", "Stop");
        String backup = result.files().stream().filter(f -> f.file().equals(settings.toString())).findFirst()
                .orElseThrow().backup();
        assertThat(Files.readString(Path.of(backup))).isEqualTo(mine);

        new AgentInstaller(CLOCK).remove(AgentKind.CLAUDE, request(), ConfigFile.read(dir.resolve("node home/config.yaml")),
                false);
        JsonNode removed = Json.mapper().readTree(Files.readString(settings));
        assertThat(removed).isEqualTo(Json.mapper().readTree(mine));
    }

    @Test
    void aFileThatCannotBeMergedSafelyIsRefusedAndLeftAlone() throws IOException {
        Path settings = home().resolve(".claude/settings.json");
        write(settings, "{ // a comment the strict parser refuses\n \"model\": \"opus\" }");

        assertThatThrownBy(() -> setup(AgentKind.CLAUDE, false)).isInstanceOf(SwarmException.class)
                .hasMessageContaining(settings.toString());
        assertThat(Files.readString(settings)).startsWith("{ // a comment");
        assertThat(Files.exists(dir.resolve("node home/config.yaml"))).isFalse();
    }

    @Test
    void codexChainsTheUsersNotifyProgramAndRestoresItOnRemove() throws IOException {
        Path config = home().resolve(".codex/config.toml");
        String mine = "model = \"o5\"\nnotify = [\"notify-send\", \"codex\"]\n\n[tui]\nanimations = false\n";
        write(config, mine);

        setup(AgentKind.CODEX, false);

        String after = Files.readString(config);
        assertThat(after).contains("model = \"o5\"", "[tui]", "animations = false", "[mcp_servers.swarm]")
                .contains("\"/opt/swarm/swarm\", \"hook\", \"codex\", \"notify\", \"--home\", \""
                        + dir.resolve("node home") + "\", \"--\", \"notify-send\", \"codex\"]");
        assertThat(after.lines().filter(line -> line.startsWith("notify"))).hasSize(1);

        new AgentInstaller(CLOCK).remove(AgentKind.CODEX, request(), ConfigFile.read(dir.resolve("node home/config.yaml")),
                false);
        String removed = Files.readString(config);
        assertThat(removed).contains("notify = [\"notify-send\", \"codex\"]", "model = \"o5\"", "animations = false")
                .doesNotContain("swarm");
    }

    @Test
    void codexTrustsExactlyOurHooksAsInstalled() throws IOException {
        Path hooks = home().resolve(".codex/hooks.json");
        write(hooks, "{\"hooks\": {\"PostToolUse\": [{\"matcher\": \"*\", \"hooks\": [{\"type\": \"command\","
                + " \"command\": \"mine.sh\", \"timeout\": 5}]}]}}");

        setup(AgentKind.CODEX, false);

        String toml = Files.readString(home().resolve(".codex/config.toml"));
        String ours = "/opt/swarm/swarm hook codex PostToolUse --home '" + dir.resolve("node home") + "'";
        assertThat(toml).contains("[hooks.state.\"" + hooks.toAbsolutePath() + ":post_tool_use:1:0\"]")
                .contains("trusted_hash = \"" + CodexSetup.trustedHash("post_tool_use", "*", ours, 10) + "\"")
                .doesNotContain(":post_tool_use:0:0");
        assertThat(toml).contains(":user_prompt_submit:0:0", ":session_start:0:0", ":stop:0:0");
    }

    @Test
    void codexFingerprintIsTheCompactSortedJsonOfTheHook() {
        String json = "{\"event_name\":\"stop\",\"hooks\":[{\"async\":false,\"command\":\"x\",\"timeout\":10,"
                + "\"type\":\"command\"}]}";

        assertThat(CodexSetup.trustedHash("stop", null, "x", 10)).isEqualTo("sha256:" + sha256(json));
        assertThat(CodexSetup.snake("UserPromptSubmit")).isEqualTo("user_prompt_submit");
    }

    @Test
    void codexRefusesToReplaceAServerNamedSwarmOfTheUsers() throws IOException {
        Path config = home().resolve(".codex/config.toml");
        write(config, "[mcp_servers.swarm]\ncommand = \"other\"\n");

        assertThatThrownBy(() -> setup(AgentKind.CODEX, false)).isInstanceOf(SwarmException.class)
                .hasMessageContaining("Nothing was changed");
        assertThat(Files.readString(config)).isEqualTo("[mcp_servers.swarm]\ncommand = \"other\"\n");
    }

    @Test
    void geminiTimeoutsAreInMilliseconds() throws IOException {
        setup(AgentKind.GEMINI, false);

        JsonNode settings = Json.mapper().readTree(Files.readString(home().resolve(".gemini/settings.json")));
        assertThat(settings.path("hooks").path("BeforeAgent").get(0).path("hooks").get(0).path("timeout").asInt())
                .isEqualTo(10_000);
        assertThat(settings.path("mcpServers").path("swarm").path("env").path("SWARM_HOME").asText())
                .isEqualTo(dir.resolve("node home").toString());
    }

    @Test
    void theWakeTargetAndAgentGoIntoTheNodesConfig() throws IOException {
        setup(AgentKind.GEMINI, false);

        String yaml = Files.readString(dir.resolve("node home/config.yaml"));
        assertThat(yaml).contains("wake_method: tmux", "wake_agent: gemini").contains("agents:0.1");
    }

    private Map<Path, String> snapshot() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toMap(p -> p, p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
