package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.config.Setting;
import dev.swarm.node.error.ErrorCode.ExitCodes;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.wake.WakeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waking the coding agent, end to end, with a real tmux: bob's agent is a stand-in in a tmux pane
 * ({@link TmuxAgent}, on a private tmux server per test) that writes down every line typed into it,
 * and alice's messages reach bob's node over HTTPS (HTTP/2, real TLS on loopback). Each test checks
 * what landed in the pane and what {@code swarm wake log --json} says about it.
 *
 * <p>Bob's wake settings are written once ({@link WakeSettings}) and given to his daemon (as
 * {@code swarm serve --wake-*} flags, or the options of an in-process node) and to his commands
 * ({@code swarm wake test}, {@code swarm wake status}) as {@code SWARM_WAKE_*} variables or
 * {@code config.yaml} keys, the three places a user sets them. Windows, intervals and settle times are
 * short so the class runs in a few minutes; durations appear only as Awaitility limits, generous for a
 * busy two-core machine.
 */
class WakeIT {
    private static final Duration WAKE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String SECRET = "rotate the staging key before the 14:00 deploy";

    @TempDir
    Path root;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        Exception first = null;
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void aDirectMessageMakesSwarmServeTypeExactlyOneLineIntoTheAgentsPaneNamingTheSenderButNotTheContent() {
        TmuxAgent agent = agent(TmuxAgent.idle(root.resolve("bob-agent")));
        WakeSettings wake = WakeSettings.tmux(agent);
        Cluster cluster = cluster();
        Cli alice = new Cli("alice", cluster.add("alice", NodeOptions.DEFAULTS).env());
        ProcessNode bob = ProcessNode.init(root, "bob", wake.flags().toArray(String[]::new));
        closing.add(bob);
        bob.start();
        String swarmId = alice.json("create", "--name", "wake").get("swarm_id").asText();
        bob.cli().json("join", "--token", alice.json("invite").get("invite_token").asText());

        JsonNode sent = alice.json("send", "--to", "bob", "--message", SECRET);

        assertThat(sent.get("status").asText()).as("bob's node answered 200: %s", sent).isEqualTo("sent");
        String messageId = sent.get("message_id").asText();
        awaitReceived(agent, 1);
        List<JsonNode> log = await("the wake is logged").atMost(WAKE).pollInterval(POLL)
                .until(() -> wakeLog(bob.cli()), entries -> entries.stream().anyMatch(e -> outcome(e, "typed")));
        assertThat(log).as("one wake for one message, nothing else: %s", log).hasSize(1);
        JsonNode typed = log.get(0);
        assertThat(strings(typed.get("message_ids"))).containsExactly(messageId);
        assertThat(strings(typed.get("senders"))).containsExactly("alice");
        assertThat(typed.get("level").asText()).isEqualTo("normal");
        assertThat(typed.get("method").asText()).isEqualTo("tmux");
        assertThat(typed.get("target").asText()).isEqualTo(TmuxAgent.TARGET);
        assertThat(agent.received()).as("exactly one line typed, and it is the logged one").containsExactly(
                typed.get("line").asText());
        String line = agent.received().get(0);
        assertThat(line).contains("alice").contains("swarm messages").doesNotContain(SECRET)
                .doesNotContain("staging").doesNotContain("deploy");
        JsonNode inbox = bob.cli().json("messages", "--no-mark-read");
        assertThat(items(inbox.get("messages"))).extracting(m -> m.get("content").asText()).containsExactly(SECRET);
        assertThat(inbox.get("swarm_id").asText()).isEqualTo(swarmId);

        // the daemon names its local API in serve.lock, for tools on this host
        SwarmHome bobHome = new SwarmHome(root.resolve("bob"));
        String api = ServeLock.apiUrl(bobHome).orElseThrow(() -> new AssertionError("no api line in serve.lock"));
        try (RawClient http = new RawClient()) {
            String token = read(bobHome.adminToken());
            JsonNode count = json(http.call(get(api + "/inbox/count?swarm=" + swarmId, "Bearer " + token)),
                    "cli/messages-count.schema.json");
            assertThat(count.get("unread").asInt()).isEqualTo(1);
        }

        // the same settings in config.yaml, where bob's commands find them
        wake.appendTo(bobHome.configFile());
        JsonNode status = bob.cli().json("wake", "status");
        assertThat(status.get("method").asText()).isEqualTo("tmux");
        assertThat(status.get("target").asText()).isEqualTo(TmuxAgent.TARGET);
        assertThat(status.get("wakes_last_hour").asInt()).isEqualTo(1);
        assertThat(status.get("paused").asBoolean()).isFalse();
        assertThat(status.get("last_wake").asText()).isEqualTo(typed.get("at").asText());

        JsonNode test = bob.cli().json("wake", "test");
        assertThat(test.get("target").asText()).isEqualTo(TmuxAgent.TARGET);
        awaitReceived(agent, 2);
        assertThat(agent.received().get(1)).isEqualTo(test.get("line").asText());
        assertThat(wakeLog(bob.cli())).as("a test line is not a wake").hasSize(1);
    }

    @Test
    void tenMessagesInTheGatheringWindowWakeOnceAndASecondBurstAfterTheIntervalWakesAgain() {
        TmuxAgent agent = agent(TmuxAgent.idle(root.resolve("bob-agent")));
        WakeSettings wake = WakeSettings.tmux(agent).with(Setting.WAKE_WINDOW, "5").with(Setting.WAKE_INTERVAL, "3");
        Pair pair = pair(wake);

        List<String> first = burst(pair.alice(), 10, "first");

        awaitReceived(agent, 1);
        JsonNode firstWake = awaitTyped(pair.bob(), 1).get(0);
        assertThat(strings(firstWake.get("message_ids"))).containsExactlyInAnyOrderElementsOf(first);
        assertThat(agent.received().get(0)).isEqualTo(firstWake.get("line").asText())
                .startsWith("swarm: 10 new messages from \"alice\"");

        Instant intervalOver = Instant.parse(firstWake.get("at").asText()).plusSeconds(3);
        await("the interval has passed").atMost(WAKE).pollInterval(POLL).until(() -> Instant.now().isAfter(intervalOver));
        List<String> second = burst(pair.alice(), 10, "second");

        awaitReceived(agent, 2);
        List<JsonNode> typed = awaitTyped(pair.bob(), 2);
        assertThat(typed).as("one wake per burst").hasSize(2);
        assertThat(strings(typed.get(1).get("message_ids"))).containsExactlyInAnyOrderElementsOf(second);
        assertThat(agent.received()).as("two bursts, two lines").hasSize(2);
        assertThat(agent.received().get(1)).isEqualTo(typed.get(1).get("line").asText())
                .startsWith("swarm: 10 new messages from \"alice\"");
        assertThat(pair.bob().json("messages", "--count").get("unread").asInt()).isEqualTo(20);
    }

    @Test
    void aMutedSendersMessagesAreStoredButWakeNobodyUntilUnmuted() {
        TmuxAgent agent = agent(TmuxAgent.idle(root.resolve("bob-agent")));
        Pair pair = pair(WakeSettings.tmux(agent));
        pair.bob().json("mute", "--agent", "alice", "--reason", "too chatty");

        String muted = pair.alice().json("send", "--to", "bob", "--message", "are you there?").get("message_id").asText();

        JsonNode skipped = awaitEntry(pair.bob(), muted, "skipped");
        assertThat(skipped.get("reason").asText()).isEqualTo("sender alice is muted");
        assertThat(skipped.get("level").asText()).isEqualTo("silent");
        assertThat(skipped.has("line")).isFalse();
        JsonNode stored = items(pair.bob().json("messages", "--no-mark-read").get("messages")).get(0);
        assertThat(stored.get("message_id").asText()).isEqualTo(muted);
        assertThat(stored.get("muted").asBoolean()).isTrue();
        assertThat(agent.received()).as("nothing typed for a muted sender").isEmpty();

        pair.bob().json("unmute", "--agent", "alice");
        String heard = pair.alice().json("send", "--to", "bob", "--message", "now?").get("message_id").asText();

        JsonNode typed = awaitEntry(pair.bob(), heard, "typed");
        assertThat(strings(typed.get("message_ids"))).as("the muted message is not woken for later")
                .containsExactly(heard);
        assertThat(awaitReceived(agent, 1)).containsExactly(typed.get("line").asText());
    }

    @Test
    void duringQuietHoursOnlyAHighPriorityMessageWakes() {
        TmuxAgent agent = agent(TmuxAgent.idle(root.resolve("bob-agent")));
        LocalTime now = LocalTime.now();
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        String quiet = now.minusHours(2).format(hhmm) + "-" + now.plusHours(2).format(hhmm);
        Pair pair = pair(WakeSettings.tmux(agent).with(Setting.WAKE_QUIET_HOURS, quiet));

        String normal = pair.alice().json("send", "--to", "bob", "--message", "tomorrow is fine").get("message_id")
                .asText();

        JsonNode skipped = awaitEntry(pair.bob(), normal, "skipped");
        assertThat(skipped.get("reason").asText()).isEqualTo("quiet hours " + quiet);
        assertThat(agent.received()).isEmpty();

        String high = pair.alice().json("send", "--to", "bob", "--priority", "high", "--message", "prod is down")
                .get("message_id").asText();

        JsonNode typed = awaitEntry(pair.bob(), high, "typed");
        assertThat(typed.get("level").asText()).isEqualTo("urgent");
        assertThat(strings(typed.get("message_ids"))).containsExactly(high);
        awaitReceived(agent, 1);
        assertThat(agent.received()).containsExactly(typed.get("line").asText());
        assertThat(agent.received().get(0)).contains("(urgent)").doesNotContain("prod is down");
    }

    @Test
    void beyondTheHourlyBudgetMessagesAreStoredWithTheSuppressionNotedAndOnePauseNoticeIsTyped() {
        TmuxAgent agent = agent(TmuxAgent.idle(root.resolve("bob-agent")));
        WakeSettings wake = WakeSettings.tmux(agent).with(Setting.WAKE_BUDGET_HOUR, "2");
        Pair pair = pair(wake);

        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            sent.add(pair.alice().json("send", "--to", "bob", "--message", "step " + i).get("message_id").asText());
            awaitEntry(pair.bob(), sent.get(i - 1), "typed");
        }
        String third = pair.alice().json("send", "--to", "bob", "--message", "step 3").get("message_id").asText();
        JsonNode suppressed = awaitEntry(pair.bob(), third, "suppressed");
        String fourth = pair.alice().json("send", "--to", "bob", "--message", "step 4").get("message_id").asText();
        JsonNode suppressedToo = awaitEntry(pair.bob(), fourth, "suppressed");

        String budget = "wake suppressed: budget (2 wakes per hour)";
        assertThat(suppressed.get("reason").asText()).isEqualTo(budget);
        assertThat(suppressedToo.get("reason").asText()).isEqualTo(budget);
        List<JsonNode> log = wakeLog(pair.bob());
        List<JsonNode> notices = log.stream().filter(e -> outcome(e, "typed") && e.get("message_ids").isEmpty()).toList();
        assertThat(notices).as("one pause notice: %s", log).hasSize(1);
        assertThat(notices.get(0).get("reason").asText())
                .isEqualTo("pause notice: wake budget reached; submission seen on the screen");
        awaitReceived(agent, 3);
        assertThat(agent.received()).as("two wakes, then the pause notice, once").hasSize(3);
        assertThat(agent.received().get(2)).isEqualTo(notices.get(0).get("line").asText())
                .startsWith("swarm: wakes paused, 2 wakes in the last hour");
        assertThat(wakeNotes(pair.bobNode())).containsEntry(third, budget).containsEntry(fourth, budget)
                .containsEntry(sent.get(0), null).containsEntry(sent.get(1), null);
        assertThat(pair.bob().json("messages", "--count").get("unread").asInt()).as("every message is stored").isEqualTo(4);

        JsonNode status = pair.bob().json(wake.args("wake", "status"));
        assertThat(status.get("wakes_last_hour").asInt()).isEqualTo(2);
        assertThat(status.get("budget_per_hour").asInt()).isEqualTo(2);
        assertThat(status.get("paused").asBoolean()).isTrue();
        assertThat(status.get("suppressed_last_hour").asInt()).isEqualTo(2);
        JsonNode overall = pair.bob().json(wake.args("status")).get("wake");
        assertThat(overall.get("paused").asBoolean()).as("swarm status says wakes are paused").isTrue();
        assertThat(overall.get("suppressed_last_hour").asInt()).isEqualTo(2);
        assertThat(pair.bob().run(wake.args("status")).stdout()).contains("PAUSED (budget reached)");
        assertThat(wakeLog(pair.bob())).as("still one pause notice").filteredOn(e -> e.get("message_ids").isEmpty())
                .hasSize(1);
        assertThat(agent.received()).as("still three lines").hasSize(3);
    }

    @Test
    void aWakeWaitsWhileTheAgentsPaneIsBusyAndIsTypedOnceItFallsStill() {
        TmuxAgent agent = agent(TmuxAgent.busy(root.resolve("bob-agent")));
        Pair pair = pair(WakeSettings.tmux(agent).with(Setting.WAKE_SETTLE, "1").with(Setting.WAKE_MAX_DELAY, "120"));

        String messageId = pair.alice().json("send", "--to", "bob", "--message", "when you have a minute")
                .get("message_id").asText();

        // the node keeps looking at the busy pane (a still one would have been typed into by the third look)
        await("bob's node watches the busy pane").atMost(WAKE).pollInterval(POLL)
                .until(() -> agent.calls().stream().filter(c -> c.contains("capture-pane")).count() >= 4);
        assertThat(agent.calls()).as("nothing typed into a busy pane").noneMatch(c -> c.contains("send-keys"));
        assertThat(agent.screen()).contains("working");
        Instant stopped = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        agent.stopWorking();

        JsonNode typed = awaitEntry(pair.bob(), messageId, "typed");
        assertThat(typed.get("reason").asText()).matches("submission seen on the screen \\(waited \\d+ s\\)");
        assertThat(Instant.parse(typed.get("at").asText())).as("typed after the agent stopped working")
                .isAfterOrEqualTo(stopped);
        awaitReceived(agent, 1);
        assertThat(agent.received()).containsExactly(typed.get("line").asText());
    }

    @Test
    void whenTmuxIsNotInstalledTheMessageIsStillStoredAndTheWakeLogAndWakeTestSayTmuxIsMissing() {
        TmuxAgent agent = agent(TmuxAgent.idle(root.resolve("bob-agent")));
        String missing = root.resolve("no-such-dir").resolve("tmux").toString();
        WakeSettings wake = WakeSettings.tmux(agent).with(Setting.WAKE_TMUX_PROGRAM, missing);

        String reason = assertStoredButNotWoken(wake);

        assertThat(reason).isEqualTo("tmux is not installed (no program at " + missing + ")");
        assertThat(agent.received()).isEmpty();
    }

    @Test
    void whenNoTmuxServerRunsTheMessageIsStillStoredAndTheWakeLogAndWakeTestSaySo() {
        TmuxAgent nobody = agent(TmuxAgent.withoutServer(root.resolve("bob-agent")));

        String reason = assertStoredButNotWoken(WakeSettings.tmux(nobody));

        assertThat(reason).startsWith("no tmux server is running for this user (").contains(nobody.socket());
    }

    @Test
    void whenTheTargetPaneDoesNotExistTheMessageIsStillStoredAndTheWakeLogAndWakeTestNameThePane() {
        TmuxAgent agent = agent(TmuxAgent.idle(root.resolve("bob-agent")));
        WakeSettings wake = WakeSettings.tmux(agent).with(Setting.WAKE_TMUX_TARGET, "nobody:0.0");

        String reason = assertStoredButNotWoken(wake);

        assertThat(reason).startsWith("tmux has no pane 'nobody:0.0' (").contains("can't find session");
        assertThat(agent.received()).as("nothing typed into another pane").isEmpty();
    }

    @Test
    void receiptsTellTheSenderWhenTheMessageWasSurfacedByAWakeAndWhenItWasRead() {
        TmuxAgent agent = agent(TmuxAgent.idle(root.resolve("bob-agent")));
        Pair pair = pair(WakeSettings.tmux(agent));

        JsonNode sent = pair.alice().json("send", "--to", "bob", "--receipt", "--message", "please review the PR");
        String messageId = sent.get("message_id").asText();
        assertThat(sent.get("status").asText()).isEqualTo("sent");

        JsonNode typed = awaitEntry(pair.bob(), messageId, "typed");
        assertThat(awaitReceived(agent, 1)).containsExactly(typed.get("line").asText());
        JsonNode surfaced = await("alice learns that bob's agent was woken for it").atMost(WAKE).pollInterval(POLL)
                .until(() -> delivery(pair.alice(), messageId), d -> d.has("surfaced_at"));
        assertThat(surfaced.get("recipient").asText()).isEqualTo("bob");
        assertThat(surfaced.get("status").asText()).isEqualTo("delivered");
        assertThat(surfaced.get("surfaced_at").asText()).as("surfaced after bob's wake")
                .isGreaterThanOrEqualTo(typed.get("at").asText());
        assertThat(surfaced.has("read_at")).as("bob has not read it yet: %s", surfaced).isFalse();

        JsonNode read = pair.bob().json("messages");
        assertThat(items(read.get("messages"))).extracting(m -> m.get("message_id").asText()).containsExactly(messageId);

        JsonNode both = await("alice learns that bob read it").atMost(WAKE).pollInterval(POLL)
                .until(() -> delivery(pair.alice(), messageId), d -> d.has("read_at"));
        assertThat(both.get("read_at").asText()).isGreaterThanOrEqualTo(both.get("surfaced_at").asText());
        assertThat(both.get("surfaced_at").asText()).isEqualTo(surfaced.get("surfaced_at").asText());
        assertThat(pair.alice().json("messages", "--count").get("unread").asInt())
                .as("receipts are for swarm sent, not for alice's inbox").isZero();
        assertThat(agent.received()).as("one wake, none for the read").hasSize(1);
    }

    @Test
    void theLocalApiNeedsTheTokenIsNotOnThePublicPortAndAnswersInTheShapesOfTheCommands() throws Exception {
        TmuxAgent agent = agent(TmuxAgent.idle(root.resolve("bob-agent")));
        Pair pair = pair(WakeSettings.tmux(agent).with(Setting.WAKE_DIRECT, "silent"));
        TestNode bobNode = pair.bobNode();
        String api = ServeLock.apiUrl(bobNode.home()).orElseThrow(() -> new AssertionError("no api line in serve.lock"));
        assertThat(api).matches("http://127\\.0\\.0\\.1:\\d+/api");
        String token = read(bobNode.home().adminToken());
        RawClient http = new RawClient();
        closing.add(http);
        String first = pair.alice().json("send", "--to", "bob", "--message", "first").get("message_id").asText();
        String second = pair.alice().json("send", "--to", "bob", "--message", "second").get("message_id").asText();
        assertThat(awaitEntry(pair.bob(), second, "skipped").get("reason").asText())
                .isEqualTo("direct message is set to silent");

        // no token, a wrong token, the token without "Bearer": 401 with the protocol's error body
        for (String header : new String[] {null, "Bearer " + "0".repeat(token.length()), token}) {
            RawClient.Answer refused = http.call(get(api + "/inbox/count", header));
            assertThat(refused.status()).as("Authorization: %s", header).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo("UNAUTHENTICATED");
            Schemas.assertValid("cli/error.schema.json", refused.body());
        }
        // the public HTTPS port has no such routes, even with the token
        String publicBase = "https://127.0.0.1:" + bobNode.port();
        for (String path : List.of("/api/inbox", "/api/inbox/count", "/api/outbox", "/api/inbox/wait", "/swarm/api/inbox")) {
            assertThat(http.call(get(publicBase + path, "Bearer " + token)).status()).as(path).isEqualTo(404);
        }
        assertThat(http.call(post(publicBase + "/api/wake", token, "{}")).status()).isEqualTo(404);

        String swarmId = pair.swarmId();
        JsonNode count = json(http.call(get(api + "/inbox/count?swarm=" + swarmId, "Bearer " + token)),
                "cli/messages-count.schema.json");
        assertThat(count.get("unread").asInt()).isEqualTo(2);
        assertThat(count).as("GET /api/inbox/count is swarm messages --count").isEqualTo(pair.bob().json("messages",
                "--count"));
        JsonNode inbox = json(http.call(get(api + "/inbox", "Bearer " + token)), "cli/messages.schema.json");
        assertThat(items(inbox.get("messages"))).extracting(m -> m.get("message_id").asText())
                .containsExactly(first, second);
        assertThat(json(http.call(get(api + "/inbox?swarm=" + swarmId, "Bearer " + token)), "cli/messages.schema.json"))
                .as("GET /api/inbox is swarm messages --no-mark-read").isEqualTo(pair.bob().json("messages", "--no-mark-read"));

        JsonNode marked = json(http.call(post(api + "/inbox/" + first + "/read", token, "")), null);
        assertThat(marked.get("status").asText()).isEqualTo("read");
        assertThat(marked.get("message_id").asText()).isEqualTo(first);
        RawClient.Answer unknown = http.call(post(api + "/inbox/" + UUID.randomUUID() + "/read", token, ""));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
        JsonNode after = pair.bob().json("messages", "--count");
        assertThat(after.get("unread").asInt()).isEqualTo(1);
        assertThat(after.get("read").asInt()).isEqualTo(1);

        // a wake asked for with the Python implementation's body
        Map<String, Object> wakeBody = new LinkedHashMap<>();
        wakeBody.put("message_id", second);
        wakeBody.put("swarm_id", swarmId);
        wakeBody.put("sender_id", "alice");
        wakeBody.put("notification_level", "normal");
        RawClient.Answer malformed = http.call(post(api + "/wake", token, "{\"swarm_id\":\"" + swarmId + "\"}"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("INVALID_FORMAT");
        assertThat(agent.received()).as("a refused request wakes nobody").isEmpty();
        JsonNode queued = json(http.call(post(api + "/wake", token, Json.toText(wakeBody))), null);
        assertThat(queued.get("status").asText()).as("%s", queued).isEqualTo("queued");
        JsonNode typed = awaitEntry(pair.bob(), second, "typed");
        awaitReceived(agent, 1);
        assertThat(agent.received()).containsExactly(typed.get("line").asText());
        assertThat(agent.received().get(0)).contains("alice").doesNotContain("second");

        // waiting for a reply without polling: one that comes two seconds later, and one that never comes
        String question = pair.bob().json("send", "--to", "alice", "--message", "which branch?").get("message_id").asText();
        ExecutorService tool = Executors.newFixedThreadPool(2);
        closing.add(tool::shutdownNow);
        CompletableFuture<RawClient.Answer> waiting = CompletableFuture.supplyAsync(() ->
                http.call(get(api + "/inbox/wait?in_reply_to=" + question + "&timeout=10", "Bearer " + token)), tool);
        CompletableFuture<Boolean> answeredBeforeTheReply = CompletableFuture.supplyAsync(() -> {
            boolean early = waiting.isDone();
            pair.alice().json("send", "--to", "bob", "--reply-to", question, "--message", "main");
            return early;
        }, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS, tool));
        RawClient.Answer replied = waiting.get(WAKE.toSeconds(), TimeUnit.SECONDS);
        assertThat(answeredBeforeTheReply.get(WAKE.toSeconds(), TimeUnit.SECONDS)).as("the wait lasted until the reply")
                .isFalse();
        JsonNode reply = json(replied, null);
        assertThat(reply.get("status").asText()).isEqualTo("reply");
        assertThat(reply.get("in_reply_to").asText()).isEqualTo(question);
        JsonNode message = reply.get("message");
        Schemas.assertValid("cli/messages.schema.json", "{\"count\":1,\"messages\":[" + message + "]}");
        assertThat(message.get("content").asText()).isEqualTo("main");
        assertThat(message.get("in_reply_to").asText()).isEqualTo(question);
        assertThat(message.get("sender").get("agent_id").asText()).isEqualTo("alice");

        JsonNode already = json(http.call(get(api + "/inbox/wait?in_reply_to=" + question + "&timeout=10",
                "Bearer " + token)), null);
        assertThat(already.get("status").asText()).as("a reply stored before the wait").isEqualTo("reply");
        assertThat(already.get("message").get("message_id")).isEqualTo(message.get("message_id"));

        // only a message this node sent is awaited: anything else is nobody's question to answer
        RawClient.Answer notOurs = http.call(get(api + "/inbox/wait?in_reply_to=" + UUID.randomUUID() + "&timeout=1",
                "Bearer " + token));
        assertThat(notOurs.status()).isEqualTo(404);
        assertThat(notOurs.errorCode()).isEqualTo("NOT_FOUND");
        String unanswered = pair.bob().json("send", "--to", "alice", "--message", "which tag?").get("message_id")
                .asText();
        JsonNode timeout = json(http.call(get(api + "/inbox/wait?in_reply_to=" + unanswered + "&timeout=1",
                "Bearer " + token)), null);
        assertThat(timeout.get("status").asText()).isEqualTo("timeout");
        assertThat(timeout.get("in_reply_to").asText()).isEqualTo(unanswered);
        assertThat(timeout.has("message")).isFalse();

        JsonNode outbox = json(http.call(get(api + "/outbox", "Bearer " + token)), "cli/outbox.schema.json");
        assertThat(items(outbox.get("rows"))).extracting(r -> r.get("message_id").asText())
                .containsExactlyInAnyOrder(question, unanswered);
        assertThat(json(http.call(get(api + "/outbox?swarm=" + swarmId, "Bearer " + token)), "cli/outbox.schema.json"))
                .as("GET /api/outbox is swarm outbox").isEqualTo(pair.bob().json("outbox"));

        // without a swarm the listing covers every swarm, and still has the command's shape
        JsonNode everySwarm = json(http.call(get(api + "/inbox/count", "Bearer " + token)),
                "cli/messages-count.schema.json");
        assertThat(everySwarm.get("unread").asInt()).isEqualTo(2);
        assertThat(everySwarm.get("read").asInt()).isEqualTo(1);
    }

    /**
     * Alice sends bob a message while bob's node cannot wake him: alice still gets the 200, bob's node
     * stores it, the wake log says why the wake failed, and so does {@code swarm wake test} with the
     * same settings (exit 1, WAKE_FAILED). Returns that reason.
     */
    private String assertStoredButNotWoken(WakeSettings wake) {
        Pair pair = pair(wake);

        JsonNode sent = pair.alice().json("send", "--to", "bob", "--message", SECRET);

        assertThat(sent.get("status").asText()).isEqualTo("sent");
        assertThat(items(sent.get("deliveries"))).singleElement().satisfies(d -> {
            assertThat(d.get("agent_id").asText()).isEqualTo("bob");
            assertThat(d.get("status").asText()).isEqualTo("delivered");
        });
        String messageId = sent.get("message_id").asText();
        JsonNode stored = items(pair.bob().json("messages", "--no-mark-read").get("messages")).get(0);
        assertThat(stored.get("message_id").asText()).isEqualTo(messageId);
        assertThat(stored.get("content").asText()).isEqualTo(SECRET);
        JsonNode failed = awaitEntry(pair.bob(), messageId, "failed");
        String reason = failed.get("reason").asText();
        assertThat(failed.get("line").asText()).contains("alice");

        Cli bobWithSettings = new Cli("bob", wake.env(pair.bobNode().env()));
        Cli.Result test = bobWithSettings.fails(ExitCodes.GENERAL, "wake", "test");

        assertThat(test.errorCode()).isEqualTo("WAKE_FAILED");
        JsonNode error = test.document().get("error");
        assertThat(error.get("message").asText()).isEqualTo("wake test failed: " + reason);
        assertThat(error.get("details").get("method").asText()).isEqualTo("tmux");
        assertThat(error.get("details").get("target").asText()).isEqualTo(wake.config().tmuxTarget());
        JsonNode status = bobWithSettings.json("wake", "status");
        assertThat(status.get("method").asText()).isEqualTo("tmux");
        assertThat(status.get("last_failure").asText()).isEqualTo(failed.get("at").asText() + ": " + reason);
        assertThat(status.get("wakes_last_hour").asInt()).isZero();
        assertThat(wakeLog(pair.bob())).noneMatch(e -> outcome(e, "typed"));
        return reason;
    }

    // ---- the scene

    /** Alice and bob, each a node on loopback; alice made the swarm, bob joined; bob's daemon wakes with {@code wake}. */
    private record Pair(String swarmId, Cli alice, Cli bob, TestNode bobNode) {
    }

    private Pair pair(WakeSettings wake) {
        Cluster cluster = cluster();
        TestNode aliceNode = cluster.add("alice", NodeOptions.DEFAULTS);
        TestNode bobNode = cluster.add("bob", NodeOptions.DEFAULTS.withWake(wake.config()));
        Cli alice = new Cli("alice", aliceNode.env());
        Cli bob = new Cli("bob", bobNode.env());
        String swarmId = alice.json("create", "--name", "wake").get("swarm_id").asText();
        JsonNode joined = bob.json("join", "--token", alice.json("invite").get("invite_token").asText());
        assertThat(joined.get("status").asText()).isEqualTo("joined");
        return new Pair(swarmId, alice, bob, bobNode);
    }

    private Cluster cluster() {
        Cluster cluster = Cluster.start(root);
        closing.add(cluster);
        return cluster;
    }

    private TmuxAgent agent(TmuxAgent agent) {
        closing.add(agent);
        return agent;
    }

    /** Sends {@code count} messages to bob as fast as the command line goes; their ids. */
    private static List<String> burst(Cli alice, int count, String name) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(alice.json("send", "--to", "bob", "--message", name + " burst, note " + i, "--wait", "0")
                    .get("message_id").asText());
        }
        return ids;
    }

    /** Waits until the agent has received {@code count} lines; returns them. */
    private static List<String> awaitReceived(TmuxAgent agent, int count) {
        return await(count + " line(s) in bob's pane").atMost(WAKE).pollInterval(POLL)
                .until(agent::received, lines -> lines.size() >= count);
    }

    // ---- what bob's node says

    /** {@code swarm wake log --json}, oldest first. */
    private static List<JsonNode> wakeLog(Cli cli) {
        return items(cli.json("wake", "log", "--limit", "1000").get("entries"));
    }

    /** Waits for the wake log entry with {@code outcome} that covers {@code messageId}. */
    private static JsonNode awaitEntry(Cli cli, String messageId, String outcome) {
        List<JsonNode> log = await("a wake log entry '" + outcome + "' for " + messageId).atMost(WAKE).pollInterval(POLL)
                .until(() -> wakeLog(cli), entries -> entries.stream().anyMatch(e -> covers(e, messageId, outcome)));
        return log.stream().filter(e -> covers(e, messageId, outcome)).findFirst().orElseThrow();
    }

    /** Waits for {@code count} typed wakes for messages (pause notices aside); returns them, oldest first. */
    private static List<JsonNode> awaitTyped(Cli cli, int count) {
        return await(count + " typed wakes").atMost(WAKE).pollInterval(POLL)
                .until(() -> wakeLog(cli).stream().filter(e -> outcome(e, "typed") && !e.get("message_ids").isEmpty())
                        .toList(), typed -> typed.size() >= count);
    }

    private static boolean covers(JsonNode entry, String messageId, String outcome) {
        return outcome(entry, outcome) && strings(entry.get("message_ids")).contains(messageId);
    }

    private static boolean outcome(JsonNode entry, String outcome) {
        return outcome.equals(entry.get("outcome").asText());
    }

    private static List<String> strings(JsonNode array) {
        return items(array).stream().map(JsonNode::asText).toList();
    }

    /** Each inbox row's wake note (null when none), by message id, as stored in bob's node.db. */
    private static Map<String, String> wakeNotes(TestNode node) {
        Map<String, String> notes = new HashMap<>();
        for (Map<String, Object> row : node.dump().rows("inbox")) {
            notes.put((String) row.get("message_id"), (String) row.get("wake_note"));
        }
        return notes;
    }

    /** Bob's delivery of one message, as alice's {@code swarm sent --json} shows it. */
    private static JsonNode delivery(Cli alice, String messageId) {
        JsonNode message = items(alice.json("sent").get("messages")).stream()
                .filter(m -> m.get("message_id").asText().equals(messageId)).findFirst()
                .orElseThrow(() -> new AssertionError("swarm sent does not show " + messageId));
        return items(message.get("deliveries")).get(0);
    }

    // ---- the local API

    private static Request get(String url, String authorization) {
        Request.Builder request = new Request.Builder().url(url).get();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static Request post(String url, String token, String body) {
        return new Request.Builder().url(url).header("Authorization", "Bearer " + token)
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get("application/json")))
                .build();
    }

    /** The local API's token, as a tool on the host reads it from {@code admin.token}. */
    private static String read(Path adminToken) {
        try {
            return Files.readString(adminToken, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 200 answer's JSON document, valid against {@code schema} when one is named. */
    private static JsonNode json(RawClient.Answer answer, String schema) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(200);
        if (schema != null) {
            Schemas.assertValid(schema, answer.body());
        }
        return answer.json();
    }

    /**
     * Bob's wake settings as a user writes them, once: they become his daemon's {@link WakeConfig},
     * and {@code --wake-*} flags or {@code SWARM_WAKE_*} variables for {@code swarm serve} and
     * {@code swarm wake test|status}. Short
     * windows so a test does not wait for the defaults.
     */
    private record WakeSettings(Map<Setting, String> values) {
        static WakeSettings tmux(TmuxAgent agent) {
            Map<Setting, String> values = new LinkedHashMap<>();
            values.put(Setting.WAKE_TMUX_TARGET, TmuxAgent.TARGET);
            values.put(Setting.WAKE_TMUX_PROGRAM, agent.program());
            values.put(Setting.WAKE_WINDOW, "0.3");
            values.put(Setting.WAKE_INTERVAL, "0");
            values.put(Setting.WAKE_SETTLE, "0.5");
            values.put(Setting.WAKE_MAX_DELAY, "30");
            return new WakeSettings(values);
        }

        WakeSettings with(Setting setting, String value) {
            Map<Setting, String> copy = new LinkedHashMap<>(values);
            copy.put(setting, value);
            return new WakeSettings(copy);
        }

        WakeConfig config() {
            return WakeConfig.from(setting -> values.containsKey(setting) ? values.get(setting) : setting.defaultValue());
        }

        List<String> flags() {
            List<String> flags = new ArrayList<>();
            values.forEach((setting, value) -> {
                flags.add(setting.flag());
                flags.add(value);
            });
            return flags;
        }

        /** The same settings as {@code SWARM_WAKE_*} environment variables, added to a node's environment. */
        Map<String, String> env(Map<String, String> base) {
            Map<String, String> env = new HashMap<>(base);
            values.forEach((setting, value) -> env.put(setting.env(), value));
            return env;
        }

        /** Adds the same settings to a {@code config.yaml}. */
        void appendTo(Path configFile) {
            StringBuilder yaml = new StringBuilder("\n");
            values.forEach((setting, value) -> yaml.append(setting.key()).append(": ").append(Json.toText(value))
                    .append('\n'));
            try {
                Files.writeString(configFile, yaml, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@code command} followed by these settings as flags. */
        String[] args(String... command) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(flags());
            return args.toArray(String[]::new);
        }
    }
}
