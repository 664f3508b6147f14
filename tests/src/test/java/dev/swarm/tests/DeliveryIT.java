package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.cli.Main;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.state.Member;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.ScriptedPeer;
import dev.swarm.node.support.ScriptedPeer.Answer;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliable delivery between real processes: every {@code swarm serve} is its own JVM with its own
 * SWARM_HOME and SQLite file, serving TLS on a fixed loopback port, and is stopped, killed with
 * {@code kill -9} and started again while messages are on their way. Commands ({@code create},
 * {@code invite}, {@code join}, {@code send}, ...) are typed at each node's {@link Cli} in this JVM,
 * a process apart from every daemon, so a send is queued here and delivered by the daemon.
 *
 * <p>Durations appear only as Awaitility limits, generous for a busy two-core machine.
 */
class DeliveryIT {
    private static final Duration DELIVERY = Duration.ofSeconds(120);
    private static final Duration PROMPTLY = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private final List<ProcessNode> nodes = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable each : closing) {
            each.close();
        }
        for (ProcessNode node : nodes) {
            node.close();
        }
    }

    @Test
    void messagesSentWhileTheReceiverIsDownArriveOnceEachAndInSendOrderWhenItStarts() {
        ProcessNode receiver = node("receiver");
        ProcessNode sender = node("sender", "--retry-cap", "5");
        startAll(receiver, sender);
        formSwarm(receiver, sender);
        receiver.stop();

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            JsonNode queued = sender.cli().json("send", "--to", "receiver", "--message", "update " + i, "--wait", "0");
            assertThat(queued.get("status").asText()).isEqualTo("queued");
            sent.add(queued.get("message_id").asText());
        }

        // thirty seconds with the receiver down: every row stays pending while the daemon keeps trying
        await("the receiver is down for 30 s").during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> sender.outboxCounts().equals(Map.of("pending", 100, "delivered", 0, "failed", 0,
                        "dead", 0)));
        List<JsonNode> waiting = items(sender.cli().json("outbox", "--limit", "100").get("rows"));
        assertThat(waiting).extracting(r -> r.get("message_id").asText()).containsExactlyElementsOf(sent);
        JsonNode head = waiting.get(0);
        assertThat(head.get("attempts").asInt()).as("the daemon retried: %s", head).isGreaterThanOrEqualTo(2);
        assertThat(head.get("last_error_code").asText()).isEqualTo("PEER_UNREACHABLE");
        assertThat(waiting.subList(1, waiting.size())).as("a peer that is down is tried once per backoff, not per row")
                .allSatisfy(r -> assertThat(r.get("attempts").asInt()).isZero());

        receiver.start();

        await("all 100 stored").atMost(DELIVERY).until(() -> receiver.inboxMessageIds().size() >= sent.size());
        assertThat(receiver.inboxMessageIds()).as("each message once, in the order sent").containsExactlyElementsOf(sent);
        JsonNode inbox = receiver.cli().json("messages", "--status", "all", "--limit", "1000", "--no-mark-read");
        assertThat(items(inbox.get("messages"))).extracting(m -> m.get("message_id").asText(),
                m -> m.get("content").asText()).containsExactlyElementsOf(IntStream.range(0, sent.size())
                        .mapToObj(i -> tuple(sent.get(i), "update " + i)).toList());
        awaitAllDelivered(sender, sent.size());
    }

    @Test
    void whenTheReceiverIsKilledMidStreamEveryMessageOfTwoSendersEndsUpInItsInboxExactlyOnce() throws Exception {
        ProcessNode hub = node("hub");
        ProcessNode alpha = node("alpha", "--retry-cap", "5");
        ProcessNode beta = node("beta", "--retry-cap", "5");
        startAll(hub, alpha, beta);
        formSwarm(hub, alpha, beta);
        int perSender = 1_000;

        ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        closing.add(senders::shutdownNow);
        List<Future<?>> streams = new ArrayList<>();
        for (ProcessNode sender : List.of(alpha, beta)) {
            for (int half = 0; half < 2; half++) {
                int first = half * perSender / 2;
                streams.add(senders.submit(() -> {
                    for (int i = first; i < first + perSender / 2; i++) {
                        JsonNode queued = sender.cli().json("send", "--to", "hub", "--message",
                                sender.agentId() + " " + i, "--wait", "0");
                        sent.add(queued.get("message_id").asText());
                    }
                    return null;
                }));
            }
        }

        await("the hub stores the stream").atMost(DELIVERY).until(() -> hub.inboxMessageIds().size() >= 400);
        hub.kill();
        assertThat(hub.inboxMessageIds().size()).as("the hub crashed with messages still on their way")
                .isLessThan(2 * perSender);
        await("a sender notices the crash").atMost(PROMPTLY).until(() -> hasFailedAttempt(alpha) || hasFailedAttempt(beta));
        hub.start();

        for (Future<?> stream : streams) {
            stream.get(DELIVERY.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(sent).hasSize(2 * perSender).doesNotHaveDuplicates();
        await("every message stored").atMost(DELIVERY).until(() -> hub.inboxMessageIds().size() >= 2 * perSender);
        List<String> stored = hub.inboxMessageIds();
        assertThat(stored).as("no duplicate").doesNotHaveDuplicates();
        assertThat(stored).as("no loss, nothing else").containsExactlyInAnyOrderElementsOf(sent);
        awaitAllDelivered(alpha, perSender);
        awaitAllDelivered(beta, perSender);
    }

    @Test
    void whenTheSendersDaemonIsKilledMidDeliveryItsRestartDeliversTheRestAndEachMessageArrivesOnce()
            throws Exception {
        ProcessNode receiver = node("receiver");
        // the lease on claimed rows is twice (connect + request timeout): short here so that the
        // restarted daemon takes over the rows its dead predecessor claimed within seconds
        ProcessNode sender = node("sender", "--retry-cap", "5", "--connect-timeout", "2", "--request-timeout", "5");
        startAll(receiver, sender);
        formSwarm(receiver, sender);
        receiver.stop();
        List<String> sent = sendInParallel(sender, "receiver", 400, 2);
        assertThat(sender.outboxCounts().get("pending")).isEqualTo(400);

        receiver.start();
        await("delivery under way").atMost(DELIVERY).pollInterval(Duration.ofMillis(20))
                .until(() -> receiver.inboxMessageIds().size() >= 20);
        sender.kill();
        int pendingAtCrash = sender.outboxCounts().get("pending");
        assertThat(pendingAtCrash).as("the daemon died with rows still pending").isPositive();

        sender.start();

        await("every message stored").atMost(DELIVERY).until(() -> receiver.inboxMessageIds().size() >= sent.size());
        List<String> stored = receiver.inboxMessageIds();
        assertThat(stored).as("no duplicate").doesNotHaveDuplicates();
        assertThat(stored).as("no loss").containsExactlyInAnyOrderElementsOf(sent);
        awaitAllDelivered(sender, sent.size());
    }

    @Test
    void aBroadcastReachesTheRunningMembersAtOnceAndTheStoppedOneWhenItStarts() {
        ProcessNode master = node("ada");
        ProcessNode sender = node("bo", "--retry-cap", "5");
        ProcessNode cy = node("cy");
        ProcessNode di = node("di");
        ProcessNode ed = node("ed");
        startAll(master, sender, cy, di, ed);
        String swarmId = formSwarm(master, sender, cy, di, ed);
        await("bo knows all five members").atMost(PROMPTLY).untilAsserted(() -> assertThat(
                items(sender.cli().json("list", "--members").get("swarms").get(0).get("members")))
                .extracting(m -> m.get("agent_id").asText()).containsExactlyInAnyOrder("ada", "bo", "cy", "di", "ed"));
        ed.stop();

        JsonNode queued = sender.cli().json("send", "--message", "release 1.4 is out", "--wait", "0");
        String messageId = queued.get("message_id").asText();
        assertThat(queued.get("swarm_id").asText()).isEqualTo(swarmId);
        assertThat(queued.get("recipient").asText()).isEqualTo("broadcast");

        for (ProcessNode running : List.of(master, cy, di)) {
            await(running.agentId() + " stores the broadcast").atMost(PROMPTLY)
                    .until(() -> running.inboxMessageIds().contains(messageId));
        }
        await("ed's delivery was tried and waits").atMost(PROMPTLY).untilAsserted(() -> assertThat(
                deliveries(sender, messageId)).containsExactlyInAnyOrder(tuple("ada", "delivered", null),
                tuple("cy", "delivered", null), tuple("di", "delivered", null),
                tuple("ed", "pending", "PEER_UNREACHABLE")));

        ed.start();

        await("ed stores the broadcast").atMost(DELIVERY).until(() -> ed.inboxMessageIds().contains(messageId));
        await("every delivery done").atMost(PROMPTLY).untilAsserted(() -> assertThat(deliveries(sender, messageId))
                .extracting(t -> t.toList().get(1)).containsOnly("delivered").hasSize(4));
        for (ProcessNode member : List.of(master, cy, di, ed)) {
            assertThat(member.inboxMessageIds()).as("%s's inbox", member.agentId()).containsExactly(messageId);
        }
    }

    @Test
    void aPeerAnswering400IsNotRetriedAndOneAnswering503IsRetriedWithGrowingGapsUntilItTakesTheMessage() {
        ProcessNode sender = node("sender", "--allow-insecure-loopback", "--retry-base", "0.05");
        String swarmId = sender.cli().json("create", "--name", "scripted").get("swarm_id").asText();
        ScriptedPeer strict = scriptedMember(sender, swarmId, "strict");
        strict.answer(request -> Answer.error(400, "INVALID_FORMAT"));
        ScriptedPeer flaky = scriptedMember(sender, swarmId, "flaky");
        int failures = 8;
        flaky.answer(request -> flaky.received().size() <= failures ? Answer.error(503, "INTERNAL_ERROR")
                : Answer.queued());
        sender.start();

        // the command waits for the daemon's outcome, and a refusal fails it with the peer's code
        Cli.Result refused = sender.cli().fails(2, "send", "--to", "strict", "--message", "bad", "--wait", "30");
        assertThat(refused.errorCode()).isEqualTo("INVALID_FORMAT");
        String refusedId = refused.document().get("error").get("details").get("message_id").asText();
        String retriedId = sender.cli().json("send", "--to", "flaky", "--message", "later", "--wait", "0")
                .get("message_id").asText();

        await("flaky takes the message").atMost(DELIVERY).until(() -> status(sender, retriedId).equals("delivered"));

        List<ScriptedPeer.Received> posts = flaky.received();
        assertThat(posts).hasSize(failures + 1);
        assertThat(posts).extracting(p -> Json.readTree(p.body()).get("message_id").asText()).containsOnly(retriedId);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < posts.size(); i++) {
            gaps.add(posts.get(i).nanoTime() - posts.get(i - 1).nanoTime());
        }
        double earlier = gaps.subList(0, 3).stream().mapToLong(Long::longValue).average().orElseThrow();
        double later = gaps.subList(gaps.size() - 3, gaps.size()).stream().mapToLong(Long::longValue).average()
                .orElseThrow();
        assertThat(later).as("the last three gaps (ns) against the first three: %s", gaps).isGreaterThan(earlier);

        JsonNode outbox = sender.cli().json("outbox");
        assertThat(items(outbox.get("rows"))).extracting(r -> r.get("message_id").asText(),
                r -> r.get("recipient").asText(), r -> r.get("status").asText(), r -> r.get("attempts").asInt(),
                r -> r.path("last_error_code").asText(null))
                .containsExactly(tuple(refusedId, "strict", "failed", 1, "INVALID_FORMAT"),
                        tuple(retriedId, "flaky", "delivered", failures + 1, null));
        assertThat(strict.received()).as("the refused message was posted once, while flaky was retried %d times",
                failures).hasSize(1);
    }

    @Test
    void twoHundredSendsFromParallelCliProcessesBesideTheDaemonAreEachDeliveredOnceWithoutLockErrors()
            throws Exception {
        ProcessNode receiver = node("receiver");
        ProcessNode sender = node("sender");
        startAll(receiver, sender);
        formSwarm(receiver, sender);
        int sends = 200;
        List<ServeProcess> processes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        closing.add(() -> {
            pool.shutdownNow();
            processes.forEach(ServeProcess::close);
        });

        // every send is its own JVM; the first one also writes the class-data archive the others start from
        SendLaunch launch = SendLaunch.of(root.resolve("send-classes.jsa"));
        List<SendProcess> finished = new ArrayList<>();
        finished.add(sendProcess(sender, 0, launch.classPath(), launch.first(), processes));
        List<String> options = launch.rest();
        List<Future<SendProcess>> running = new ArrayList<>();
        for (int i = 1; i < sends; i++) {
            int n = i;
            running.add(pool.submit(() -> sendProcess(sender, n, launch.classPath(), options, processes)));
        }
        for (Future<SendProcess> each : running) {
            finished.add(each.get(10, TimeUnit.MINUTES));
        }

        Set<String> sent = new HashSet<>();
        for (SendProcess send : finished) {
            assertThat(send.exitCode()).as("%s", send).isZero();
            assertThat(send.stdout() + send.stderr()).as("%s", send).doesNotContainIgnoringCase("database is locked")
                    .doesNotContainIgnoringCase("SQLITE_BUSY");
            Schemas.assertValid("cli/send.schema.json", send.stdout());
            sent.add(Json.readTree(send.stdout()).get("message_id").asText());
        }
        assertThat(sent).hasSize(sends);
        await("every message stored").atMost(DELIVERY).until(() -> receiver.inboxMessageIds().size() >= sends);
        List<String> stored = receiver.inboxMessageIds();
        assertThat(stored).as("no duplicate").doesNotHaveDuplicates();
        assertThat(stored).as("no loss").containsExactlyInAnyOrderElementsOf(sent);
        awaitAllDelivered(sender, sends);
    }

    /** Runs {@code swarm send} as its own process and waits for it to end. */
    private SendProcess sendProcess(ProcessNode sender, int n, String classPath, List<String> jvmOptions,
                                    List<ServeProcess> processes) {
        ServeProcess send = ServeProcess.start(root.resolve("send-logs"), "send-" + n, sender.env(), jvmOptions,
                classPath, "send", "--to", "receiver", "--message", "parallel " + n, "--wait", "0", "--json");
        processes.add(send);
        boolean ended = send.awaitExit(DELIVERY);
        return new SendProcess(n, ended ? send.exitValue() : -1, send.stdout(), send.stderr());
    }

    /**
     * How the send processes start: with the flags the launcher gives short commands, and, when swarm's
     * classes come from jars (a Maven build), a class-data archive (AppCDS) that the first process writes
     * and the others map, so that 200 JVMs start faster on two cores. The archive changes how classes are
     * loaded, nothing a command does. JVM warnings go to stderr, never into the JSON on stdout.
     */
    private record SendLaunch(String classPath, List<String> first, Path archive) {
        private static final List<String> LAUNCHER = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xlog:disable", "-Xlog:all=warning:stderr");

        static SendLaunch of(Path archive) {
            List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(entry -> Files.isRegularFile(Path.of(entry))).toList();
            boolean fromJars = Stream.of(Main.class, SwarmNode.class).allMatch(type -> {
                try {
                    return Files.isRegularFile(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
                } catch (URISyntaxException e) {
                    return false;
                }
            });
            if (!fromJars) {
                // classes in directories (an IDE run): no archive, the whole class path
                return new SendLaunch(System.getProperty("java.class.path"), LAUNCHER, null);
            }
            List<String> first = new ArrayList<>(LAUNCHER);
            first.add("-XX:ArchiveClassesAtExit=" + archive);
            return new SendLaunch(String.join(File.pathSeparator, jars), first, archive);
        }

        /** Options of every process after the first: with the archive, if the first one wrote it. */
        List<String> rest() {
            if (archive == null || !Files.isRegularFile(archive)) {
                return LAUNCHER;
            }
            List<String> rest = new ArrayList<>(LAUNCHER);
            rest.add("-XX:SharedArchiveFile=" + archive);
            return rest;
        }
    }

    /** What one {@code swarm send} process left behind. */
    private record SendProcess(int n, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "send " + n + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private ProcessNode node(String agentId, String... serveOptions) {
        ProcessNode node = ProcessNode.init(root, agentId, serveOptions);
        nodes.add(node);
        return node;
    }

    /** Starts the daemons side by side, then waits until each answers. */
    private static void startAll(ProcessNode... daemons) {
        for (ProcessNode daemon : daemons) {
            daemon.startServe();
        }
        for (ProcessNode daemon : daemons) {
            daemon.awaitServing();
        }
    }

    /** The master creates a swarm and every other node joins it with an invite of its own. */
    private static String formSwarm(ProcessNode master, ProcessNode... joiners) {
        String swarmId = master.cli().json("create", "--name", "delivery").get("swarm_id").asText();
        for (ProcessNode joiner : joiners) {
            String invite = master.cli().json("invite", "--max-uses", "1").get("invite_token").asText();
            JsonNode joined = joiner.cli().json("join", "--token", invite);
            assertThat(joined.get("status").asText()).isEqualTo("joined");
            assertThat(joined.get("swarm_id").asText()).isEqualTo(swarmId);
        }
        return swarmId;
    }

    /** Sends {@code count} direct messages from {@code threads} threads of in-process commands; their ids. */
    private static List<String> sendInParallel(ProcessNode sender, String to, int count, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                ids.add(pool.submit(() -> sender.cli().json("send", "--to", to, "--message", "note " + n, "--wait", "0")
                        .get("message_id").asText()));
            }
            List<String> sent = new ArrayList<>();
            for (Future<String> id : ids) {
                sent.add(id.get(DELIVERY.toSeconds(), TimeUnit.SECONDS));
            }
            return sent;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A member of the sender's swarm whose endpoint is a scripted plain-HTTP peer on loopback. */
    private ScriptedPeer scriptedMember(ProcessNode sender, String swarmId, String agentId) {
        ScriptedPeer peer = new ScriptedPeer();
        closing.add(peer);
        String key = Ed25519.encode(Ed25519.privateKey(Ed25519.newSeed(new SecureRandom())).generatePublicKey());
        sender.addMember(new Member(swarmId, agentId, peer.endpoint(), key, List.of(), "2026-01-01T00:00:00.000Z"));
        return peer;
    }

    private static boolean hasFailedAttempt(ProcessNode sender) {
        return items(sender.cli().json("outbox", "--status", "pending", "--limit", "5000").get("rows")).stream()
                .anyMatch(r -> r.get("attempts").asInt() > 0);
    }

    /** The status of a message's only outbox row, as {@code swarm outbox} shows it. */
    private static String status(ProcessNode sender, String messageId) {
        return items(sender.cli().json("outbox", "--limit", "1000").get("rows")).stream()
                .filter(r -> r.get("message_id").asText().equals(messageId)).findFirst()
                .map(r -> r.get("status").asText()).orElse("absent");
    }

    /** (recipient, status, last error code) of each delivery of one message, as {@code swarm sent} shows it. */
    private static List<Tuple> deliveries(ProcessNode sender, String messageId) {
        JsonNode message = items(sender.cli().json("sent", "--limit", "1000").get("messages")).stream()
                .filter(m -> m.get("message_id").asText().equals(messageId)).findFirst()
                .orElseThrow(() -> new AssertionError("swarm sent does not show " + messageId));
        return items(message.get("deliveries")).stream().map(d -> tuple(d.get("recipient").asText(),
                d.get("status").asText(), d.path("last_error_code").asText(null))).toList();
    }

    /** Waits until every outbox row of the sender is delivered, and checks that with {@code swarm outbox}. */
    private static void awaitAllDelivered(ProcessNode sender, int rows) {
        await(sender.agentId() + "'s outbox all delivered").atMost(DELIVERY).until(() -> sender.outboxCounts()
                .equals(Map.of("pending", 0, "delivered", rows, "failed", 0, "dead", 0)));
        JsonNode outbox = sender.cli().json("outbox", "--status", "pending,failed,dead");
        assertThat(outbox.get("count").asInt()).isZero();
        assertThat(outbox.get("summary").get("delivered").asInt()).isEqualTo(rows);
        assertThat(outbox.has("oldest_pending_seconds")).isFalse();
    }
}
