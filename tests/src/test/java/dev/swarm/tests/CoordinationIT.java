package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.config.Setting;
import dev.swarm.node.coordination.CoordinationConfig;
import dev.swarm.node.error.ErrorCode.ExitCodes;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.wake.WakeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coordinating agents across real nodes (HTTPS with HTTP/2 on loopback, SQLite files), through the
 * {@code swarm} command line and the agents' real hook script: presence from hook calls in
 * {@code swarm who}, a stuck claim holder reported to the master's agent once, and messages to a
 * role. Presence settings are short (a change is announced after 0.3 s, a heartbeat every 2 s) so a
 * scene takes seconds; durations appear only as Awaitility limits.
 */
class CoordinationIT {
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    @TempDir
    Path root;

    private Cluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void swarmWhoShowsIdleAndWorkingFromTheRealHookCallsOfEachAgentAndWhoAnswers() {
        String swarmId = scene(Map.of(), "alice", "bob", "carol");
        Cli alice = cluster.cli("alice");
        AgentHooks bobsHooks = new AgentHooks(cluster.node("bob").home().dir());

        JsonNode first = awaitWho(alice, "bob", m -> m.get("state").asText().equals("away") && m.has("reachable"));
        assertThat(member(first, "bob").get("reachable").asBoolean()).as("bob's node answers alice's presence").isTrue();

        assertThat(bobsHooks.claude("UserPromptSubmit", "fix the parser").exit()).isZero();
        JsonNode working = awaitWho(alice, "bob", m -> m.get("state").asText().equals("working"));
        assertThat(member(working, "bob").get("client").asText()).isEqualTo("claude");
        assertThat(member(working, "bob").has("last_active")).isTrue();

        bobsHooks.claude("PostToolUse", null);
        bobsHooks.claude("Stop", null);
        awaitWho(alice, "bob", m -> m.get("state").asText().equals("idle"));

        bobsHooks.gemini("BeforeAgent", "write the docs");
        awaitWho(alice, "bob", m -> m.get("state").asText().equals("working") && m.get("client").asText().equals("gemini"));
        bobsHooks.gemini("AfterAgent", "write the docs");
        awaitWho(alice, "bob", m -> m.get("state").asText().equals("idle"));

        bobsHooks.codex("UserPromptSubmit", "run the tests");
        awaitWho(alice, "bob", m -> m.get("state").asText().equals("working") && m.get("client").asText().equals("codex"));
        bobsHooks.codexNotify("run the tests");
        JsonNode idle = awaitWho(alice, "bob", m -> m.get("state").asText().equals("idle"));

        JsonNode bobsView = cluster.cli("bob").json("who");
        JsonNode himself = member(bobsView, "bob");
        assertThat(himself.get("you").asBoolean()).isTrue();
        assertThat(himself.get("state").asText()).as("bob's own daemon says so too").isEqualTo("idle");
        assertThat(member(idle, "alice").get("master").asBoolean()).isTrue();
        assertThat(member(idle, "alice").get("you").asBoolean()).isTrue();
        assertThat(alice.json("messages", "--count").get("unread").asInt()).as("presence is not a message").isZero();
        assertThat(alice.json("messages", "--status", "all").get("count").asInt()).isZero();
        assertThat(cluster.node("alice").dump().rows("inbox")).isEmpty();
        assertThat(idle.get("swarms").get(0).get("swarm_id").asText()).isEqualTo(swarmId);

        cluster.node("carol").stop();
        JsonNode gone = awaitWho(alice, "carol", m -> m.has("reachable") && !m.get("reachable").asBoolean());
        assertThat(member(gone, "carol").get("delivery_error_code").asText()).isEqualTo("PEER_UNREACHABLE");
        assertThat(alice.run("who").stdout()).contains("bob; idle since").contains("carol; ").contains("unreachable");
    }

    @Test
    void aClaimHolderSilentPastTheThresholdIsFlaggedStuckAndTheMastersAgentIsToldOnceEvenAcrossARestart() {
        Path woken = root.resolve("alice-woken.txt");
        scene(Map.of("alice", wakeInto(woken)), "alice", "bob", "carol");
        Cli alice = cluster.cli("alice");

        cluster.cli("bob").json("issue", "claim", "octo/widgets#7");

        JsonNode stuck = awaitWho(alice, "bob", m -> m.get("stuck").asBoolean(), "--stuck-after", "3");
        JsonNode bob = member(stuck, "bob");
        assertThat(items(bob.get("claims"))).extracting(JsonNode::asText).containsExactly("octo/widgets#7");
        assertThat(bob.has("silent_since")).isTrue();
        assertThat(alice.run("who", "--stuck-after", "3").stdout()).contains("STUCK: silent since");
        // (bob's claim itself is a message that wakes alice's agent too; the notices are the lines about holders)
        List<String> told = await("alice's agent is told").atMost(SETTLE).pollInterval(POLL)
                .until(() -> stuckNotices(woken), lines -> !lines.isEmpty());
        assertThat(told).singleElement().satisfies(line -> assertThat(line).startsWith("swarm: bob holds octo/widgets#7"
                + " in coord but has been silent for ").contains("see who is doing what with"));
        assertThat(cluster.cli("carol").json("who", "--stuck-after", "3").get("swarms").get(0).get("members"))
                .as("every node flags it; only the master's agent is told").anySatisfy(m -> {
                    assertThat(m.get("agent_id").asText()).isEqualTo("bob");
                    assertThat(m.get("stuck").asBoolean()).isTrue();
                });

        TestNode aliceNode = cluster.node("alice");
        aliceNode.stop();
        aliceNode.startServer();
        cluster.cli("carol").json("issue", "claim", "octo/widgets#8");

        List<String> both = await("alice's agent is told about carol").atMost(SETTLE).pollInterval(POLL)
                .until(() -> stuckNotices(woken), lines -> lines.size() >= 2);
        assertThat(both).as("bob once, before and after the restart; then carol").hasSize(2);
        assertThat(both.get(1)).startsWith("swarm: carol holds octo/widgets#8");
    }

    @Test
    void aMessageToARoleReachesEveryHolderAndNobodyElseAndARoleNobodyHoldsSendsNothing() {
        scene(Map.of(), "alice", "bob", "carol", "dave");
        Cli alice = cluster.cli("alice");
        JsonNode added = cluster.cli("bob").json("role", "add", "reviewer");
        assertThat(added.get("status").asText()).isEqualTo("added");
        assertThat(items(added.get("roles"))).extracting(JsonNode::asText).containsExactly("reviewer");
        assertThat(cluster.cli("bob").json("role", "add", "reviewer").get("status").asText()).isEqualTo("unchanged");
        cluster.cli("bob").json("role", "add", "tester");
        cluster.cli("carol").json("role", "add", "reviewer");
        awaitHolders(alice, "reviewer", List.of("bob", "carol"));

        JsonNode sent = alice.json("send", "--to", "role:reviewer", "--message", "please review #12");

        assertThat(sent.get("to_role").asText()).isEqualTo("reviewer");
        assertThat(sent.get("recipient").asText()).isEqualTo("broadcast");
        assertThat(items(sent.get("deliveries"))).extracting(d -> d.get("agent_id").asText())
                .containsExactlyInAnyOrder("bob", "carol");
        String id = sent.get("message_id").asText();
        for (String holder : List.of("bob", "carol")) {
            JsonNode inbox = cluster.cli(holder).json("messages", "--no-mark-read");
            // besides the master's member_joined announcements of those who joined later
            assertThat(items(inbox.get("messages"))).filteredOn(m -> m.get("type").asText().equals("message"))
                    .singleElement().satisfies(m -> {
                        assertThat(m.get("message_id").asText()).isEqualTo(id);
                        assertThat(m.get("metadata").get("to_role").asText()).isEqualTo("reviewer");
                    });
        }
        assertThat(cluster.cli("dave").json("messages", "--count").get("total").asInt()).isZero();
        // bob's second role travels in a later presence announcement (changes are debounced)
        JsonNode bob = awaitWho(alice, "bob", m -> items(m.get("roles")).size() == 2);
        assertThat(member(bob, "bob").get("roles")).extracting(JsonNode::asText)
                .containsExactly("reviewer", "tester");

        DbDump before = cluster.node("alice").dump();
        Cli.Result nobody = alice.fails(ExitCodes.NOT_FOUND, "send", "--to", "role:designer", "--message", "hello?");
        assertThat(nobody.errorCode()).isEqualTo("MEMBER_NOT_FOUND");
        assertThat(nobody.document().get("error").get("message").asText()).contains("nobody holds role designer")
                .contains("nothing was sent");
        assertThat(alice.fails(ExitCodes.INVALID_INPUT, "send", "--to", "role:re viewer", "--message", "x").errorCode())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(alice.fails(ExitCodes.INVALID_INPUT, "role", "add", "ops;rm -rf").errorCode())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(cluster.node("alice").dump().rows("outbox")).as("nothing queued").isEqualTo(before.rows("outbox"));

        cluster.cli("bob").json("role", "remove", "reviewer");
        assertThat(cluster.cli("bob").fails(ExitCodes.NOT_FOUND, "role", "remove", "reviewer").errorCode())
                .isEqualTo("NOT_FOUND");
        awaitHolders(alice, "reviewer", List.of("carol"));
        JsonNode again = alice.json("send", "--to", "role:reviewer", "--message", "still there?");
        assertThat(items(again.get("deliveries"))).extracting(d -> d.get("agent_id").asText()).containsExactly("carol");
    }

    // ---- the scene

    /**
     * Nodes with short presence settings (and {@code wakes} for some), in one swarm alice made and the
     * others joined; returns its id.
     */
    private String scene(Map<String, WakeConfig> wakes, String... agents) {
        cluster = Cluster.start(root);
        CoordinationConfig fast = CoordinationConfig.from(setting -> switch (setting) {
            case PRESENCE_DEBOUNCE -> "0.3";
            case PRESENCE_HEARTBEAT -> "2";
            case STUCK_AFTER -> "3";
            default -> setting.defaultValue();
        });
        for (String agent : agents) {
            NodeOptions options = NodeOptions.DEFAULTS.withCoordination(fast);
            cluster.add(agent, wakes.containsKey(agent) ? options.withWake(wakes.get(agent)) : options);
        }
        Cli alice = cluster.cli(agents[0]);
        String swarmId = alice.json("create", "--name", "coord").get("swarm_id").asText();
        for (int i = 1; i < agents.length; i++) {
            cluster.cli(agents[i]).json("join", "--token", alice.json("invite").get("invite_token").asText());
        }
        return swarmId;
    }

    /** Waits until {@code who} (as {@code cli} runs it) shows {@code agent} as {@code wanted}; that document. */
    private static JsonNode awaitWho(Cli cli, String agent, Predicate<JsonNode> wanted, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "who";
        System.arraycopy(options, 0, args, 1, options.length);
        return await(agent + " in " + cli.name() + "'s swarm who").atMost(SETTLE).pollInterval(POLL)
                .until(() -> cli.json(args), who -> Optional.ofNullable(member(who, agent)).filter(wanted).isPresent());
    }

    private static JsonNode member(JsonNode who, String agent) {
        for (JsonNode swarm : items(who.get("swarms"))) {
            for (JsonNode member : items(swarm.get("members"))) {
                if (member.get("agent_id").asText().equals(agent)) {
                    return member;
                }
            }
        }
        return null;
    }

    private static void awaitHolders(Cli cli, String role, List<String> holders) {
        await(cli.name() + " sees " + holders + " hold " + role).atMost(SETTLE).pollInterval(POLL)
                .until(() -> cli.json("role", "list").get("swarms").get(0).get("holders").path(role),
                        list -> list.isArray() && items(list).stream().map(JsonNode::asText).toList().equals(holders));
    }

    /** Wake settings that run a script appending each wake line to {@code file}. */
    private WakeConfig wakeInto(Path file) {
        Path script = root.resolve("wake-" + file.getFileName() + ".sh");
        try {
            Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + file + "'\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Setting, String> values = Map.of(Setting.WAKE_METHOD, "command", Setting.WAKE_COMMAND, script.toString(),
                Setting.WAKE_WINDOW, "0.2", Setting.WAKE_INTERVAL, "0");
        return WakeConfig.from(setting -> values.getOrDefault(setting, setting.defaultValue()));
    }

    /** The wake lines that tell of a silent holder. */
    private static List<String> stuckNotices(Path file) {
        return lines(file).stream().filter(line -> line.contains(" but has been silent for ")).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
