package dev.swarm.tests.reference;

import static dev.swarm.tests.reference.OurView.create;
import static dev.swarm.tests.reference.OurView.deliveries;
import static dev.swarm.tests.reference.OurView.invite;
import static dev.swarm.tests.reference.OurView.members;
import static dev.swarm.tests.reference.OurView.messagesFrom;
import static dev.swarm.tests.reference.OurView.received;
import static dev.swarm.tests.reference.OurView.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.delivery.RetryPolicy;
import dev.swarm.node.protocol.Json;
import dev.swarm.tests.Cli;
import dev.swarm.tests.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our nodes and the real reference implementation in the same swarms, over TLS on loopback: alice, bob
 * and carol run our node (in this JVM, real servers and SQLite files); py and py2 run the reference's
 * unmodified server and CLI ({@link ReferencePeer}). Every scenario makes swarms of its own, and checks
 * what each side's user sees: our {@code swarm list} and {@code swarm messages}, the reference's
 * {@code swarm list} and inbox ({@link ReferenceView}).
 *
 * <p>Where the reference does less than the protocol (no dissolve, no approval, a kicked member that
 * keeps its swarm), the test says so and asserts what our nodes do about it. The cases in which our
 * node itself fell short of the reference are in {@link ReferenceQuirksIT}.
 */
class ReferenceInteropIT {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    /** How long our commands wait to report each delivery ({@code --wait}): generous for a busy machine. */
    private static final String WAIT = "30";
    /** Quick retries, so a peer that comes back is tried again within seconds. */
    private static final NodeOptions QUICK_RETRY = NodeOptions.DEFAULTS.withRetry(new RetryPolicy(
            Duration.ofMillis(500), Duration.ofSeconds(3), 50, Duration.ofHours(72)));
    // quotes, a newline and non-ASCII: the legacy signature covers the UTF-8 bytes, the reference stores TOON
    private static final String FROM_PY = "py here: taking \"issue 7\" \u2014 d\u00e9j\u00e0 vu \ud83d\ude80";
    private static final String PY_TO_BOB = "bob, your test is flaky:\n  assert \"\u00fc\" == u\"\u00fc\"";
    private static final String FROM_ALICE = "rebased onto main \u2192 please pull \u2705";
    private static final String BOB_TO_PY = "py, you own issue 7 now (na\u00efve caf\u00e9 fix)";

    @TempDir
    static Path root;

    private static Cluster cluster;
    private static ReferencePeer py;
    private static ReferencePeer py2;
    private static Cli alice;
    private static Cli bob;
    private static Cli carol;

    @BeforeAll
    static void startEveryone() {
        // the Python servers start while our nodes do
        py = ReferencePeer.init(root, "py").launch();
        py2 = ReferencePeer.init(root, "py2").launch();
        cluster = Cluster.start(root);
        for (String agent : List.of("alice", "bob", "carol")) {
            cluster.add(agent, QUICK_RETRY);
        }
        alice = cluster.cli("alice");
        bob = cluster.cli("bob");
        carol = cluster.cli("carol");
        py.awaitServing();
        py2.awaitServing();
    }

    @AfterAll
    static void stopEveryone() {
        for (AutoCloseable each : new AutoCloseable[] {py, py2, cluster}) {
            if (each != null) {
                try {
                    each.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void aReferencePeerJoinsOurSwarmAndMessagesFlowBothWaysEachStoredOnce() {
        String swarm = create(alice, "interop-ours");
        String url = invite(alice, swarm);
        bob.json("join", "--token", url);

        JsonNode joined = py.json("join", "--token", url);

        assertThat(joined.get("status").asText()).isEqualTo("joined");
        assertThat(joined.get("swarm_id").asText()).isEqualTo(swarm);
        assertThat(joined.get("master").asText()).isEqualTo("alice");
        assertThat(joined.get("member_count").asInt()).isEqualTo(3);
        Map<String, String> everyone = Map.of("alice", key("alice"), "bob", key("bob"), "py", py.publicKey());
        assertThat(members(alice, swarm)).isEqualTo(everyone);
        assertThat(ReferenceView.members(py, swarm)).isEqualTo(endpoints("alice", "bob", "py"));
        await("bob learns py from alice's announcement").atMost(DELIVERY)
                .until(() -> members(bob, swarm).equals(everyone));

        String pyBroadcast = sendFrom(py, swarm, null, FROM_PY);
        String pyToBob = sendFrom(py, swarm, "bob", PY_TO_BOB);
        JsonNode aliceBroadcast = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--message", FROM_ALICE);
        JsonNode bobToPy = bob.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "py", "--message", BOB_TO_PY);

        assertThat(deliveries(aliceBroadcast)).isEqualTo(Map.of("bob", "delivered", "py", "delivered"));
        assertThat(deliveries(bobToPy)).isEqualTo(Map.of("py", "delivered"));
        assertReceivedOnce(alice, swarm, pyBroadcast, "py", "broadcast", FROM_PY);
        assertReceivedOnce(bob, swarm, pyBroadcast, "py", "broadcast", FROM_PY);
        assertReceivedOnce(bob, swarm, pyToBob, "py", "bob", PY_TO_BOB);
        assertThat(received(alice, swarm, pyToBob)).as("a direct message to bob is bob's alone").isEmpty();
        assertReceivedOnce(py, swarm, aliceBroadcast.get("message_id").asText(), "alice", "broadcast", FROM_ALICE);
        assertReceivedOnce(py, swarm, bobToPy.get("message_id").asText(), "bob", "py", BOB_TO_PY);
    }

    @Test
    void weJoinTheReferencesSwarmAndMessagesFlowBothWaysEachStoredOnce() {
        String swarm = py.json("create", "--name", "interop-theirs").get("swarm_id").asText();
        String url = py.json("invite", "--swarm", swarm).get("invite_token").asText();

        JsonNode joined = alice.json("join", "--token", url);

        assertThat(joined.get("status").asText()).isEqualTo("joined");
        assertThat(joined.get("master").asText()).isEqualTo("py");
        assertThat(joined.get("name").asText()).isEqualTo("interop-theirs");
        Map<String, String> both = Map.of("py", py.publicKey(), "alice", key("alice"));
        assertThat(members(alice, swarm)).isEqualTo(both);
        assertThat(ReferenceView.members(py, swarm)).isEqualTo(endpoints("py", "alice"));

        String pyBroadcast = sendFrom(py, swarm, null, FROM_PY);
        String pyToAlice = sendFrom(py, swarm, "alice", PY_TO_BOB);
        JsonNode aliceBroadcast = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--message", FROM_ALICE);
        JsonNode aliceToPy = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "py", "--message", BOB_TO_PY);

        assertThat(deliveries(aliceBroadcast)).isEqualTo(Map.of("py", "delivered"));
        assertThat(deliveries(aliceToPy)).isEqualTo(Map.of("py", "delivered"));
        assertReceivedOnce(alice, swarm, pyBroadcast, "py", "broadcast", FROM_PY);
        assertReceivedOnce(alice, swarm, pyToAlice, "py", "alice", PY_TO_BOB);
        assertReceivedOnce(py, swarm, aliceBroadcast.get("message_id").asText(), "alice", "broadcast", FROM_ALICE);
        assertReceivedOnce(py, swarm, aliceToPy.get("message_id").asText(), "alice", "py", BOB_TO_PY);
    }

    @Test
    void membersWhoJoinOurSwarmLaterBecomeKnownToTheReferencePeerAndReachItBothWays() {
        String swarm = create(alice, "interop-later-ours");
        String url = invite(alice, swarm);
        py.json("join", "--token", url);

        carol.json("join", "--token", url);
        py2.json("join", "--token", url);

        // alice announces each newcomer; the reference completes the announcement from the newcomer's /info
        await("py learns carol and py2").atMost(DELIVERY).until(() -> ReferenceView.members(py, swarm)
                .equals(endpoints("alice", "py", "carol", "py2")));
        await("carol learns py2").atMost(DELIVERY).until(() -> members(carol, swarm).containsKey("py2"));
        String pyToCarol = sendFrom(py, swarm, "carol", FROM_PY);
        JsonNode carolToPy = carol.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "py", "--message", BOB_TO_PY);
        String py2Broadcast = sendFrom(py2, swarm, null, PY_TO_BOB);
        JsonNode carolToPy2 = carol.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "py2",
                "--message", FROM_ALICE);

        assertReceivedOnce(carol, swarm, pyToCarol, "py", "carol", FROM_PY);
        assertReceivedOnce(py, swarm, carolToPy.get("message_id").asText(), "carol", "py", BOB_TO_PY);
        assertReceivedOnce(alice, swarm, py2Broadcast, "py2", "broadcast", PY_TO_BOB);
        assertReceivedOnce(carol, swarm, py2Broadcast, "py2", "broadcast", PY_TO_BOB);
        assertReceivedOnce(py, swarm, py2Broadcast, "py2", "broadcast", PY_TO_BOB);
        assertReceivedOnce(py2, swarm, carolToPy2.get("message_id").asText(), "carol", "py2", FROM_ALICE);
    }

    @Test
    void membersWhoJoinTheReferencesSwarmLaterBecomeKnownToOurMemberAndReachItBothWays() {
        String swarm = py.json("create", "--name", "interop-later-theirs").get("swarm_id").asText();
        alice.json("join", "--token", py.json("invite", "--swarm", swarm).get("invite_token").asText());

        bob.json("join", "--token", py.json("invite", "--swarm", swarm).get("invite_token").asText());
        py2.json("join", "--token", py.json("invite", "--swarm", swarm).get("invite_token").asText());

        // the reference master announces each newcomer without its key; alice's node asks the newcomer's /info
        Map<String, String> everyone = Map.of("py", py.publicKey(), "alice", key("alice"), "bob", key("bob"),
                "py2", py2.publicKey());
        await("alice learns bob and py2").atMost(DELIVERY).until(() -> members(alice, swarm).equals(everyone));
        await("bob learns py2").atMost(DELIVERY).until(() -> members(bob, swarm).equals(everyone));
        JsonNode bobToAlice = bob.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "alice",
                "--message", BOB_TO_PY);
        JsonNode aliceToBob = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "bob",
                "--message", FROM_ALICE);
        String py2Broadcast = sendFrom(py2, swarm, null, FROM_PY);
        JsonNode aliceToPy2 = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "py2",
                "--message", PY_TO_BOB);

        assertReceivedOnce(alice, swarm, bobToAlice.get("message_id").asText(), "bob", "alice", BOB_TO_PY);
        assertReceivedOnce(bob, swarm, aliceToBob.get("message_id").asText(), "alice", "bob", FROM_ALICE);
        assertReceivedOnce(alice, swarm, py2Broadcast, "py2", "broadcast", FROM_PY);
        assertReceivedOnce(bob, swarm, py2Broadcast, "py2", "broadcast", FROM_PY);
        assertReceivedOnce(py2, swarm, aliceToPy2.get("message_id").asText(), "alice", "py2", PY_TO_BOB);
    }

    @Test
    void whenTheReferencePeerLeavesOurSwarmOurNodesDropItAndStopSendingToIt() {
        String swarm = create(alice, "interop-py-leaves");
        String url = invite(alice, swarm);
        bob.json("join", "--token", url);
        py.json("join", "--token", url);
        await("bob learns py").atMost(DELIVERY).until(() -> members(bob, swarm).containsKey("py"));

        JsonNode left = py.json("leave", "--swarm", swarm, "--yes");

        assertThat(left.get("status").asText()).isEqualTo("left");
        assertThat(ReferenceView.inSwarm(py, swarm)).isFalse();
        // the reference posts member_left to each member itself, once: both have it when its command returns
        assertThat(members(alice, swarm)).containsOnlyKeys("alice", "bob");
        assertThat(members(bob, swarm)).containsOnlyKeys("alice", "bob");
        JsonNode afterwards = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--message", "py has left us");
        assertThat(deliveries(afterwards)).isEqualTo(Map.of("bob", "delivered"));
    }

    @Test
    void whenWeLeaveTheReferencesSwarmTheReferenceAndOurOtherMemberDropUs() {
        String swarm = py.json("create", "--name", "interop-we-leave").get("swarm_id").asText();
        alice.json("join", "--token", py.json("invite", "--swarm", swarm).get("invite_token").asText());
        bob.json("join", "--token", py.json("invite", "--swarm", swarm).get("invite_token").asText());
        await("alice learns bob").atMost(DELIVERY).until(() -> members(alice, swarm).containsKey("bob"));

        JsonNode left = alice.json("leave", "--wait", WAIT, "--swarm", swarm, "--yes");

        assertThat(deliveries(left)).isEqualTo(Map.of("py", "delivered", "bob", "delivered"));
        assertThat(state(alice, swarm)).isEqualTo("left");
        assertThat(ReferenceView.members(py, swarm)).containsOnlyKeys("py", "bob");
        assertThat(members(bob, swarm)).containsOnlyKeys("py", "bob");
    }

    @Test
    void ourMasterKicksAReferenceMemberAndOurNodesRefuseWhatItStillSends() {
        String swarm = create(alice, "interop-kick-py");
        String url = invite(alice, swarm);
        bob.json("join", "--token", url);
        py.json("join", "--token", url);
        await("bob learns py").atMost(DELIVERY).until(() -> members(bob, swarm).containsKey("py"));
        String reason = "off-topic \"again\", see \\notes";

        JsonNode kicked = alice.json("kick", "--wait", WAIT, "--swarm", swarm, "--agent", "py",
                "--reason", reason, "--yes");

        assertThat(deliveries(kicked)).isEqualTo(Map.of("py", "delivered", "bob", "delivered"));
        assertThat(members(alice, swarm)).containsOnlyKeys("alice", "bob");
        assertThat(members(bob, swarm)).containsOnlyKeys("alice", "bob");
        JsonNode notice = Json.readTree(ReferenceView.inbox(py, swarm).stream().filter(r -> r.type().equals("system"))
                .map(ReferenceView.Received::content).filter(c -> c.contains("\"kicked\"")).findFirst().orElseThrow());
        assertThat(notice.get("agent_id").asText()).isEqualTo("py");
        assertThat(notice.get("reason").asText()).isEqualTo(reason);
        // The reference at fault: its receiver acts on member_left and member_kicked only, so the kicked
        // agent itself keeps the swarm and goes on sending. Our nodes refuse it and store nothing.
        assertThat(ReferenceView.inSwarm(py, swarm)).isTrue();
        ReferencePeer.Run stillTalking = py.run("send", "--swarm", swarm, "--message", "am I still in?");
        assertThat(stillTalking.exitCode()).as("every member refused: %s", stillTalking).isEqualTo(3);
        assertThat(messagesFrom(alice, swarm, "py")).isEmpty();
        assertThat(messagesFrom(bob, swarm, "py")).isEmpty();
    }

    @Test
    void theReferenceMasterKicksOurMemberAndOurNodesFollow() {
        String swarm = py.json("create", "--name", "interop-kick-bob").get("swarm_id").asText();
        alice.json("join", "--token", py.json("invite", "--swarm", swarm).get("invite_token").asText());
        bob.json("join", "--token", py.json("invite", "--swarm", swarm).get("invite_token").asText());
        await("alice learns bob").atMost(DELIVERY).until(() -> members(alice, swarm).containsKey("bob"));

        JsonNode kicked = py.json("kick", "--swarm", swarm, "--agent", "bob", "--reason", "too noisy", "--yes");

        assertThat(kicked.get("status").asText()).isEqualTo("kicked");
        assertThat(ReferenceView.members(py, swarm)).containsOnlyKeys("py", "alice");
        assertThat(state(bob, swarm)).isEqualTo("kicked");
        assertThat(members(alice, swarm)).containsOnlyKeys("py", "alice");
    }

    @Test
    void ourMasterDissolvesASwarmWithAReferenceMemberAndOurNodesRefuseWhatItStillSends() {
        String swarm = create(alice, "interop-dissolve");
        String url = invite(alice, swarm);
        bob.json("join", "--token", url);
        py.json("join", "--token", url);
        await("bob learns py").atMost(DELIVERY).until(() -> members(bob, swarm).containsKey("py"));

        JsonNode dissolved = alice.json("dissolve", "--wait", WAIT, "--swarm", swarm, "--reason", "work done", "--yes");

        assertThat(deliveries(dissolved)).isEqualTo(Map.of("bob", "delivered", "py", "delivered"));
        assertThat(state(alice, swarm)).isEqualTo("dissolved");
        assertThat(state(bob, swarm)).isEqualTo("dissolved");
        assertThat(ReferenceView.inbox(py, swarm)).anySatisfy(row -> {
            assertThat(row.type()).isEqualTo("system");
            assertThat(Json.readTree(row.content()).get("action").asText()).isEqualTo("swarm_dissolved");
        });
        // The reference at fault: it has no dissolve, stores the notice and keeps the swarm. Our nodes
        // refuse whatever it still sends there and store nothing.
        assertThat(ReferenceView.inSwarm(py, swarm)).isTrue();
        ReferencePeer.Run stillTalking = py.run("send", "--swarm", swarm, "--message", "anyone there?");
        assertThat(stillTalking.exitCode()).as("every member refused: %s", stillTalking).isEqualTo(3);
        assertThat(messagesFrom(alice, swarm, "py")).isEmpty();
        assertThat(messagesFrom(bob, swarm, "py")).isEmpty();
    }

    @Test
    void aReferencePeerWaitsForOurMastersApprovalAndIsLetInWhenItAsksAgain() {
        String swarm = create(alice, "interop-approval", "--require-approval");
        String url = invite(alice, swarm);
        assertThat(bob.json("join", "--token", url).get("status").asText()).isEqualTo("pending");
        alice.json("approve", "bob", "--swarm", swarm);
        assertThat(bob.json("join", "--token", url).get("status").asText()).isEqualTo("joined");

        ReferencePeer.Run waiting = py.run("join", "--token", url, "--json");

        // the reference's CLI reports the 202 as a failure and stores nothing
        assertThat(waiting.exitCode()).as("%s", waiting).isNotZero();
        assertThat(waiting.stdout() + waiting.stderr()).contains("pending approval");
        assertThat(ReferenceView.inSwarm(py, swarm)).isFalse();
        JsonNode requests = alice.json("requests", "--swarm", swarm);
        assertThat(Cli.items(requests.get("requests"))).anySatisfy(r -> {
            assertThat(r.get("agent_id").asText()).isEqualTo("py");
            assertThat(r.get("public_key").asText()).isEqualTo(py.publicKey());
            assertThat(r.get("status").asText()).isEqualTo("pending");
        });
        assertThat(members(alice, swarm)).doesNotContainKey("py");

        alice.json("approve", "py", "--swarm", swarm);
        JsonNode joined = py.json("join", "--token", url);

        assertThat(joined.get("member_count").asInt()).isEqualTo(3);
        Map<String, String> everyone = Map.of("alice", key("alice"), "bob", key("bob"), "py", py.publicKey());
        assertThat(ReferenceView.members(py, swarm)).isEqualTo(endpoints("alice", "bob", "py"));
        await("bob learns py from alice's announcement").atMost(DELIVERY)
                .until(() -> members(bob, swarm).equals(everyone));
        String hello = sendFrom(py, swarm, "bob", FROM_PY);
        assertReceivedOnce(bob, swarm, hello, "py", "bob", FROM_PY);
    }

    @Test
    void ourJoinWaitsOnAReferenceMasterThatRequiresApprovalWhichItCannotGive() {
        String swarm = py.json("create", "--name", "interop-their-approval", "--require-approval").get("swarm_id")
                .asText();
        String url = py.json("invite", "--swarm", swarm).get("invite_token").asText();

        JsonNode first = alice.json("join", "--token", url);

        // The reference at fault: its master answers 202 to every new joiner of such a swarm, and it has
        // no command to approve one. Our user sees a join that waits, not a failure nor a membership.
        assertThat(first.get("status").asText()).isEqualTo("pending");
        assertThat(alice.json("join", "--token", url).get("status").asText()).isEqualTo("pending");
        assertThat(items(alice.json("status").get("pending_joins"))).contains(swarm);
        assertThat(OurView.swarm(alice, swarm)).isEmpty();
        assertThat(ReferenceView.members(py, swarm)).containsOnlyKeys("py");
    }

    @Test
    void mutedPeersMessagesAreStillStoredOnBothSidesButMarkedOrNotWokenFor() {
        String swarm = create(alice, "interop-mute");
        py.json("join", "--token", invite(alice, swarm));
        alice.json("mute", "--agent", "py", "--reason", "too chatty");
        py.json("mute", "--agent", "alice");
        try {
            String fromPy = sendFrom(py, swarm, null, FROM_PY);
            JsonNode toPy = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "py", "--message", FROM_ALICE);

            List<JsonNode> atAlice = received(alice, swarm, fromPy);
            assertThat(atAlice).hasSize(1);
            assertThat(atAlice.get(0).get("muted").asBoolean()).isTrue();
            String toPyId = toPy.get("message_id").asText();
            assertReceivedOnce(py, swarm, toPyId, "alice", "py", FROM_ALICE);
            assertThat(ReferenceView.mutedAgents(py)).containsExactly("alice");
            // the reference mutes by not waking its agent (its server logs the decision)
            assertThat(py.wakeDecision(toPyId)).contains("skip");
        } finally {
            alice.json("unmute", "--agent", "py");
            py.json("unmute", "--agent", "alice");
        }
        String again = sendFrom(py, swarm, null, BOB_TO_PY);
        String againToPy = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "py", "--message", PY_TO_BOB)
                .get("message_id").asText();
        assertThat(received(alice, swarm, again).get(0).get("muted").asBoolean()).isFalse();
        assertThat(py.wakeDecision(againToPy)).contains("wake");
    }

    @Test
    void aReferencePeerRestartedMidStreamGetsEveryMessageExactlyOnceWhenItIsBack() {
        String swarm = create(alice, "interop-restart");
        py.json("join", "--token", invite(alice, swarm));
        List<String> texts = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode before = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "py",
                    "--message", "before " + i);
            assertThat(deliveries(before)).isEqualTo(Map.of("py", "delivered"));
            texts.add("before " + i);
            sent.add(before.get("message_id").asText());
        }

        // a burst the daemon is still delivering when py stops: some arrive, some wait in the outbox
        for (int i = 0; i < 10; i++) {
            texts.add("burst " + i);
            sent.add(queue(swarm, "py", "burst " + i));
        }
        py.stop();
        for (int i = 0; i < 5; i++) {
            texts.add("while down " + i);
            sent.add(queue(swarm, "py", "while down " + i));
        }
        texts.add("to all, while py is down");
        sent.add(queue(swarm, null, "to all, while py is down"));
        JsonNode waiting = alice.json("outbox", "--swarm", swarm, "--status", "pending");
        assertThat(waiting.get("summary").get("pending").asInt()).isGreaterThanOrEqualTo(6);
        py.start();

        await("every message reaches py").atMost(DELIVERY)
                .until(() -> alice.json("outbox", "--swarm", swarm).get("summary").get("pending").asInt() == 0);
        List<ReferenceView.Received> atPy = ReferenceView.inbox(py, swarm);
        for (String id : sent) {
            assertThat(atPy).filteredOn(r -> r.messageId().equals(id)).as("message %s stored once at py", id)
                    .hasSize(1);
        }
        assertThat(atPy).filteredOn(r -> r.senderId().equals("alice") && r.type().equals("message"))
                .extracting(ReferenceView.Received::content).containsExactlyInAnyOrderElementsOf(texts);
        JsonNode summary = alice.json("outbox", "--swarm", swarm).get("summary");
        assertThat(summary.get("delivered").asInt()).isEqualTo(sent.size());
        assertThat(summary.get("failed").asInt() + summary.get("dead").asInt()).isZero();
        // and py, back, is heard again
        String back = sendFrom(py, swarm, "alice", "back online");
        assertReceivedOnce(alice, swarm, back, "py", "alice", "back online");
    }

    /** alice's {@code swarm send --wait 0} (queued for her daemon); {@code to} null broadcasts. Returns the id. */
    private static String queue(String swarm, String to, String text) {
        JsonNode queued = to == null ? alice.json("send", "--swarm", swarm, "--message", text, "--wait", "0")
                : alice.json("send", "--swarm", swarm, "--to", to, "--message", text, "--wait", "0");
        assertThat(queued.get("status").asText()).isEqualTo("queued");
        return queued.get("message_id").asText();
    }

    /** The reference's {@code swarm send}; {@code to} null broadcasts. Returns the message id it printed. */
    private static String sendFrom(ReferencePeer peer, String swarm, String to, String text) {
        JsonNode sent = to == null ? peer.json("send", "--swarm", swarm, "--message", text)
                : peer.json("send", "--swarm", swarm, "--to", to, "--message", text);
        assertThat(sent.get("status").asText()).isEqualTo("sent");
        return sent.get("message_id").asText();
    }

    private static String key(String agent) {
        return cluster.node(agent).identity().publicKeyBase64();
    }

    /** Each agent's endpoint, as the reference lists members. */
    private static Map<String, String> endpoints(String... agents) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (String agent : agents) {
            endpoints.put(agent, switch (agent) {
                case "py" -> py.endpoint();
                case "py2" -> py2.endpoint();
                default -> cluster.node(agent).endpoint();
            });
        }
        return endpoints;
    }

    private static List<String> items(JsonNode array) {
        return Cli.items(array).stream().map(JsonNode::asText).toList();
    }

    private static void assertReceivedOnce(Cli who, String swarm, String messageId, String sender, String recipient,
                                           String content) {
        List<JsonNode> rows = received(who, swarm, messageId);
        assertThat(rows).as("%s stored %s once", who.name(), messageId).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("sender").get("agent_id").asText()).isEqualTo(sender);
        assertThat(row.get("recipient").asText()).isEqualTo(recipient);
        assertThat(row.get("content").asText()).isEqualTo(content);
    }

    private static void assertReceivedOnce(ReferencePeer peer, String swarm, String messageId, String sender,
                                           String recipient, String content) {
        List<ReferenceView.Received> rows = ReferenceView.received(peer, swarm, messageId);
        assertThat(rows).as("%s (reference) stored %s once", peer.agentId(), messageId).hasSize(1);
        ReferenceView.Received row = rows.get(0);
        assertThat(row.senderId()).isEqualTo(sender);
        assertThat(row.recipientId()).isEqualTo(recipient);
        assertThat(row.content()).isEqualTo(content);
        assertThat(row.envelope().get("sender").get("agent_id").asText()).isEqualTo(sender);
    }
}
