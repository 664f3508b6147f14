package dev.swarm.tests.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.cli.Main;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.config.Setting;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.wake.WakeConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Alice and bob, two real nodes on loopback (real TLS, real SQLite, as in {@code WakeIT}): alice made
 * a swarm and bob joined it; bob's node wakes the real agent's pane with the given settings. Commands
 * run as {@code swarm <args> --json} in this JVM with the node's environment.
 */
final class PeerPair implements AutoCloseable {
    private final TestNode alice;
    private final TestNode bob;

    private PeerPair(TestNode alice, TestNode bob) {
        this.alice = alice;
        this.bob = bob;
    }

    /** Bob's node types into {@code agent}'s pane, with short windows and {@code maxDelay} seconds of patience. */
    static PeerPair start(Path root, RealAgent agent, String maxDelay) {
        Map<Setting, String> wake = Map.of(
                Setting.WAKE_TMUX_TARGET, Tmux.TARGET,
                Setting.WAKE_TMUX_PROGRAM, agent.tmuxProgram().toString(),
                Setting.WAKE_AGENT, agent.kind().binary(),
                Setting.WAKE_WINDOW, "0.3",
                Setting.WAKE_INTERVAL, "0",
                Setting.WAKE_SETTLE, "0.5",
                Setting.WAKE_MAX_DELAY, maxDelay);
        WakeConfig config = WakeConfig.from(s -> wake.getOrDefault(s, s.defaultValue()));
        return form(root, NodeOptions.DEFAULTS.withWake(config));
    }

    /** The same two nodes, with no wake on bob's side (an agent that learns of messages by its hooks only). */
    static PeerPair withoutWake(Path root) {
        return form(root, NodeOptions.DEFAULTS);
    }

    /** Starts alice and bob (with {@code bobOptions}); alice creates the swarm and bob joins it. */
    private static PeerPair form(Path root, NodeOptions bobOptions) {
        TestNode alice = TestNode.start(root, "alice", NodeOptions.DEFAULTS);
        PeerPair pair;
        try {
            pair = new PeerPair(alice, TestNode.start(root, "bob", bobOptions));
        } catch (RuntimeException e) {
            alice.close();
            throw e;
        }
        pair.alice("create", "--name", "real-wake");
        JsonNode joined = pair.bob("join", "--token", pair.alice("invite").get("invite_token").asText());
        assertThat(joined.get("status").asText()).isEqualTo("joined");
        return pair;
    }

    /** Bob's home directory, where his daemon's Unix socket and token are. */
    Path bobHome() {
        return bob.home().dir();
    }

    /** Alice sends {@code text} to bob; the message id. */
    String send(String text) {
        return send(text, false);
    }

    /** As {@link #send(String)}, asking bob's node for receipts when {@code receipt}. */
    String send(String text, boolean receipt) {
        List<String> args = new ArrayList<>(List.of("send", "--to", "bob", "--message", text));
        if (receipt) {
            args.add("--receipt");
        }
        JsonNode sent = alice(args.toArray(String[]::new));
        assertThat(sent.get("status").asText()).as("bob's node took it: %s", sent).isEqualTo("sent");
        return sent.get("message_id").asText();
    }

    /** Bob's wake log, oldest first. */
    List<JsonNode> wakeLog() {
        return items(bob("wake", "log", "--limit", "1000").get("entries"));
    }

    /** Alice's record of her message to bob: its delivery, with surfaced_at and read_at once reported. */
    JsonNode delivery(String messageId) {
        JsonNode message = items(alice("sent").get("messages")).stream()
                .filter(m -> m.get("message_id").asText().equals(messageId)).findFirst()
                .orElseThrow(() -> new AssertionError("swarm sent does not show " + messageId));
        return items(message.get("deliveries")).get(0);
    }

    JsonNode alice(String... args) {
        return run(alice, args);
    }

    JsonNode bob(String... args) {
        return run(bob, args);
    }

    static List<JsonNode> items(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static JsonNode run(TestNode node, String... args) {
        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add("--json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(withJson.toArray(String[]::new), node.env(), new ByteArrayInputStream(new byte[0]), stdout,
                    stderr, false);
        }
        assertThat(exit).as("swarm %s -> %s %s", withJson, out, err).isZero();
        return Json.readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        bob.close();
        alice.close();
    }
}
