package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.config.Setting;
import dev.swarm.node.coordination.CoordinationConfig;
import dev.swarm.node.wake.WakeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An echo loop across three real nodes (HTTPS, HTTP/2, loopback, SQLite), cut by the loop guard.
 * Each node's agent is a stand-in that answers every message it is woken for by sending it on to the
 * next agent with {@code swarm send --reply-to} (alice to bob to carol to alice...), as auto-replying
 * agents do; the nodes' wakes run a script that writes down the woken message ids. With
 * {@code guard_max_hops} 4, the reply five deep is stored at alice but wakes nobody, so the loop
 * stops; carol, who sent it, is told once, and both {@code swarm status} say so.
 */
class LoopGuardIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final List<String> RING = List.of("alice", "bob", "carol");

    @TempDir
    Path root;

    private Cluster cluster;
    private final ScheduledExecutorService agents = Executors.newScheduledThreadPool(3);

    @AfterEach
    void stop() throws InterruptedException {
        agents.shutdownNow();
        agents.awaitTermination(30, TimeUnit.SECONDS);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aThreeNodeEchoLoopIsCutAtTheConfiguredDepthWithNothingLostAndTheCutReported() {
        cluster = Cluster.start(root);
        CoordinationConfig guard = CoordinationConfig.from(s -> s == Setting.GUARD_MAX_HOPS ? "4" : s.defaultValue());
        for (String agent : RING) {
            cluster.add(agent, NodeOptions.DEFAULTS.withCoordination(guard).withWake(wakeInto(file(agent))));
        }
        Cli alice = cluster.cli("alice");
        alice.json("create", "--name", "echo");
        for (String agent : RING.subList(1, 3)) {
            cluster.cli(agent).json("join", "--token", alice.json("invite").get("invite_token").asText());
        }
        for (int i = 0; i < RING.size(); i++) {
            echo(RING.get(i), RING.get((i + 1) % RING.size()));
        }

        String origin = alice.json("send", "--to", "bob", "--message", "echo this").get("message_id").asText();

        Cli carol = cluster.cli("carol");
        JsonNode reported = await("carol hears that alice held her reply").atMost(SETTLE).pollInterval(POLL)
                .until(() -> carol.json("status").get("coordination").get("loop_guard"),
                        g -> g.get("held_by_peers_last_hour").asInt() == 1);
        JsonNode report = reported.get("held_by_peers").get(0);
        assertThat(report.get("agent_id").asText()).isEqualTo("alice");
        assertThat(report.get("reason").asText()).isEqualTo("depth");
        assertThat(report.get("hop").asInt()).isEqualTo(5);
        assertThat(report.get("max_hops").asInt()).isEqualTo(4);
        String held = report.get("held_message_id").asText();

        // nothing lost: every hop is stored where it was sent, the held one unread, with why
        List<JsonNode> atAlice = messages(alice);
        assertThat(atAlice).extracting(m -> m.get("metadata").get("chain_hop").asInt()).containsExactly(2, 5);
        JsonNode heldMessage = atAlice.get(1);
        assertThat(heldMessage.get("message_id").asText()).isEqualTo(held);
        assertThat(heldMessage.get("status").asText()).isEqualTo("unread");
        assertThat(heldMessage.get("metadata").get("chain_origin").asText()).isEqualTo(origin);
        assertThat(heldMessage.get("wake_note").asText())
                .isEqualTo("held by the loop guard: reply chain 5 deep, more than guard_max_hops 4");
        assertThat(messages(cluster.cli("bob"))).filteredOn(m -> m.get("type").asText().equals("message"))
                .extracting(m -> m.path("metadata").path("chain_hop").asInt(0)).containsExactly(0, 3);
        assertThat(messages(carol)).filteredOn(m -> m.get("type").asText().equals("message"))
                .extracting(m -> m.get("metadata").get("chain_hop").asInt()).containsExactly(1, 4);

        // alice's agent was not woken for it; alice's status and wake log say why
        JsonNode skipped = items(alice.json("wake", "log", "--limit", "100").get("entries")).stream()
                .filter(e -> items(e.get("message_ids")).stream().anyMatch(id -> id.asText().equals(held)))
                .findFirst().orElseThrow(() -> new AssertionError("no wake log entry for the held message"));
        assertThat(skipped.get("outcome").asText()).isEqualTo("skipped");
        assertThat(skipped.get("reason").asText()).startsWith("held by the loop guard: reply chain 5 deep");
        assertThat(wakes("alice")).as("alice was woken once: for the reply two deep").hasSize(1);
        JsonNode atAlicesNode = alice.json("status").get("coordination").get("loop_guard");
        assertThat(atAlicesNode.get("held_unread").asInt()).isEqualTo(1);
        assertThat(atAlicesNode.get("recent").get(0).get("message_id").asText()).isEqualTo(held);
        assertThat(atAlicesNode.get("recent").get(0).get("sender_id").asText()).isEqualTo("carol");
        assertThat(alice.run("status").stdout()).contains("1 unread messages held back by the loop guard")
                .contains("from carol: reply chain 5 deep");

        // carol was told once, by a notification that woke nobody
        List<JsonNode> notices = messages(carol).stream().filter(m -> m.get("type").asText().equals("notification"))
                .toList();
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.get("sender").get("agent_id").asText()).isEqualTo("alice");
            assertThat(n.get("metadata").get("loop_guard_held").asText()).isEqualTo(held);
            assertThat(n.get("metadata").get("loop_guard_origin").asText()).isEqualTo(origin);
        });
        JsonNode noticeWake = await("carol's node judges the notice").atMost(SETTLE).pollInterval(POLL)
                .until(() -> entryFor(carol, notices.get(0).get("message_id").asText()), e -> e != null);
        assertThat(noticeWake.get("outcome").asText()).isEqualTo("skipped");
        assertThat(noticeWake.get("reason").asText()).isEqualTo("loop-guard notice");
        assertThat(carol.run("status").stdout()).contains("Held by peers: 1 of your messages").contains("alice held "
                + held + " (depth, chain 5 deep, limit 4)");
        assertThat(wakes("carol")).as("carol was woken for hops 1 and 4 only").hasSize(2);
    }

    /** The stand-in agent of {@code agent}: every message it is woken for, it sends on to {@code next} as a reply. */
    private void echo(String agent, String next) {
        Cli cli = cluster.cli(agent);
        Set<String> answered = new LinkedHashSet<>();
        agents.scheduleWithFixedDelay(() -> {
            for (String line : wakes(agent)) {
                for (String id : line.split(",")) {
                    if (!id.isBlank() && answered.add(id)) {
                        cli.json("send", "--to", next, "--reply-to", id, "--message", "echo from " + agent);
                    }
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    private static List<JsonNode> messages(Cli cli) {
        return items(cli.json("messages", "--no-mark-read", "--status", "all", "--limit", "100").get("messages"));
    }

    private static JsonNode entryFor(Cli cli, String messageId) {
        return items(cli.json("wake", "log", "--limit", "100").get("entries")).stream()
                .filter(e -> items(e.get("message_ids")).stream().anyMatch(id -> id.asText().equals(messageId)))
                .findFirst().orElse(null);
    }

    private Path file(String agent) {
        return root.resolve(agent + "-woken.txt");
    }

    /** The message ids of each wake of {@code agent}, one wake a line (comma-separated ids). */
    private List<String> wakes(String agent) {
        return lines(file(agent));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wake settings that run a script appending the woken message ids to {@code file}, one wake a line. */
    private WakeConfig wakeInto(Path file) {
        Path script = root.resolve("wake-" + file.getFileName() + ".sh");
        try {
            Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$SWARM_WAKE_MESSAGE_IDS\" >> '" + file + "'\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Setting, String> values = Map.of(Setting.WAKE_METHOD, "command", Setting.WAKE_COMMAND, script.toString(),
                Setting.WAKE_WINDOW, "0.2", Setting.WAKE_INTERVAL, "0");
        return WakeConfig.from(setting -> values.getOrDefault(setting, setting.defaultValue()));
    }
}
