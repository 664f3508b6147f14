package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.config.Setting;
import dev.swarm.node.wake.WakeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Priorities that mean something, end to end: alice's messages reach bob's node over HTTPS (HTTP/2,
 * real TLS on loopback); bob's agent is the stand-in in a tmux pane ({@link TmuxAgent}) that writes
 * down every line typed into it, and its hooks are the real {@code deploy/swarm-hook} called with
 * Claude Code's JSON. While the hooks report, an urgent message is typed at once, a normal one is left
 * to the hooks (the next prompt's context) and typed only if the agent stays idle past
 * {@code wake_normal_delay}, and a low one is neither typed nor pushed: it waits in the inbox.
 */
class PriorityWakeIT {
    private static final Duration WAKE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration NORMAL_DELAY = Duration.ofSeconds(4);

    @TempDir
    Path root;

    private Cluster cluster;
    private TmuxAgent agent;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void urgentIsTypedAtOnceNormalGoesToTheHooksFirstAndLowOnlyWhenAskedFor() {
        agent = TmuxAgent.idle(root.resolve("bob-agent"));
        cluster = Cluster.start(root);
        Cli alice = new Cli("alice", cluster.add("alice", NodeOptions.DEFAULTS).env());
        Cli bob = new Cli("bob", cluster.add("bob", NodeOptions.DEFAULTS.withWake(wake(agent))).env());
        alice.json("create", "--name", "priorities");
        bob.json("join", "--token", alice.json("invite").get("invite_token").asText());
        AgentHooks hooks = new AgentHooks(cluster.node("bob").home().dir());
        assertThat(hooks.claude("SessionStart", null).stdout()).as("nothing unread yet").isBlank();

        String low = alice.json("send", "--to", "bob", "--priority", "low", "--message", "lunch menu is up")
                .get("message_id").asText();
        JsonNode skipped = awaitEntry(bob, low, "skipped");
        assertThat(skipped.get("reason").asText()).isEqualTo("low priority: read on request");

        String normal = alice.json("send", "--to", "bob", "--message", "the parser fix is merged").get("message_id")
                .asText();
        String context = hooks.claude("UserPromptSubmit", "what is new?").stdout();
        assertThat(context).as("the next prompt brings the normal message, fenced").contains("the parser fix is merged")
                .contains("peer_message_").doesNotContain("lunch menu");
        assertThat(hooks.claude("Stop", null).stdout()).as("nothing left to push: low stays put").isBlank();
        JsonNode hooked = awaitEntry(bob, normal, "hooked");
        assertThat(hooked.get("reason").asText()).contains("seen these messages already");

        Instant sent = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String unseen = alice.json("send", "--to", "bob", "--message", "can you rebase?").get("message_id").asText();
        JsonNode typed = awaitEntry(bob, unseen, "typed");
        assertThat(typed.get("level").asText()).isEqualTo("normal");
        assertThat(Instant.parse(typed.get("at").asText())).as("typed once the agent stayed idle past the delay")
                .isAfterOrEqualTo(sent.plus(NORMAL_DELAY));

        String urgent = alice.json("send", "--to", "bob", "--priority", "high", "--message", "prod is down")
                .get("message_id").asText();
        JsonNode now = awaitEntry(bob, urgent, "typed");
        assertThat(now.get("level").asText()).isEqualTo("urgent");

        List<String> lines = await("two lines in bob's pane").atMost(WAKE).pollInterval(POLL)
                .until(agent::received, received -> received.size() >= 2);
        assertThat(lines).as("the normal message the agent never saw, then the urgent one; never the low one")
                .containsExactly(typed.get("line").asText(), now.get("line").asText());
        assertThat(lines.get(1)).contains("(urgent)").doesNotContain("prod is down");

        JsonNode waiting = bob.json("status").get("coordination").get("waiting");
        assertThat(waiting.get("urgent").asInt()).isEqualTo(1);
        assertThat(waiting.get("normal").asInt()).as("typed, not yet read").isEqualTo(1);
        assertThat(waiting.get("low").asInt()).isEqualTo(1);
        assertThat(bob.run("status").stdout()).contains("Waiting:  1 urgent (wake now), 1 normal (next turn), 1 low"
                + " (read on request)");
        assertThat(items(bob.json("messages", "--no-mark-read").get("messages")))
                .extracting(m -> m.get("content").asText()).as("low waits in the inbox until asked for")
                .contains("lunch menu is up");
    }

    private static WakeConfig wake(TmuxAgent agent) {
        Map<Setting, String> values = new LinkedHashMap<>();
        values.put(Setting.WAKE_TMUX_TARGET, TmuxAgent.TARGET);
        values.put(Setting.WAKE_TMUX_PROGRAM, agent.program());
        values.put(Setting.WAKE_WINDOW, "0.3");
        values.put(Setting.WAKE_INTERVAL, "0");
        values.put(Setting.WAKE_SETTLE, "0.5");
        values.put(Setting.WAKE_MAX_DELAY, "30");
        values.put(Setting.WAKE_NORMAL_DELAY, String.valueOf(NORMAL_DELAY.toSeconds()));
        return WakeConfig.from(setting -> values.getOrDefault(setting, setting.defaultValue()));
    }

    /** Waits for bob's wake log entry with {@code outcome} covering {@code messageId}. */
    private static JsonNode awaitEntry(Cli cli, String messageId, String outcome) {
        List<JsonNode> log = await("a wake log entry '" + outcome + "' for " + messageId).atMost(WAKE)
                .pollInterval(POLL).until(() -> items(cli.json("wake", "log", "--limit", "1000").get("entries")),
                        entries -> entries.stream().anyMatch(e -> covers(e, messageId, outcome)));
        return log.stream().filter(e -> covers(e, messageId, outcome)).findFirst().orElseThrow();
    }

    private static boolean covers(JsonNode entry, String messageId, String outcome) {
        return outcome.equals(entry.get("outcome").asText())
                && items(entry.get("message_ids")).stream().anyMatch(id -> id.asText().equals(messageId));
    }
}
