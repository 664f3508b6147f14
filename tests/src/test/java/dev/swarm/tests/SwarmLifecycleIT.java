package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode.ExitCodes;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three agents on three hosts (alice, bob, carol: real nodes on loopback over real TLS, each with
 * its own SQLite file) form a swarm and talk, driven only through the {@code swarm} command line.
 * Every {@code --json} document is checked against its schema by {@link Cli}.
 */
class SwarmLifecycleIT {
    private static final Duration ANNOUNCEMENT = Duration.ofSeconds(20);

    @Test
    void threeAgentsFormASwarmAndEveryInboxHoldsExactlyWhatWasSentToIt(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            Cli alice = cluster.cli("alice");
            Cli bob = cluster.cli("bob");
            Cli carol = cluster.cli("carol");

            JsonNode created = alice.json("create", "--name", "build-team");
            String swarmId = created.get("swarm_id").asText();
            assertThat(created.get("status").asText()).isEqualTo("created");
            assertThat(created.get("name").asText()).isEqualTo("build-team");
            assertThat(created.get("master").asText()).isEqualTo("alice");

            JsonNode bobsInvite = alice.json("invite", "--max-uses", "1");
            JsonNode carolsInvite = alice.json("invite", "--max-uses", "1");
            int alicePort = cluster.node("alice").port();
            for (JsonNode invite : List.of(bobsInvite, carolsInvite)) {
                assertThat(invite.get("invite_token").asText())
                        .startsWith("swarm://" + swarmId + "@127.0.0.1:" + alicePort + "?token=");
                assertThat(invite.get("swarm_id").asText()).isEqualTo(swarmId);
                assertThat(invite.get("max_uses").asInt()).isEqualTo(1);
            }
            assertThat(bobsInvite.get("invite_token").asText()).isNotEqualTo(carolsInvite.get("invite_token").asText());

            JsonNode bobJoined = bob.json("join", "--token", bobsInvite.get("invite_token").asText());
            assertThat(bobJoined.get("status").asText()).isEqualTo("joined");
            assertThat(bobJoined.get("swarm_id").asText()).isEqualTo(swarmId);
            assertThat(bobJoined.get("name").asText()).isEqualTo("build-team");
            assertThat(bobJoined.get("master").asText()).isEqualTo("alice");
            assertThat(bobJoined.get("member_count").asInt()).isEqualTo(2);
            JsonNode carolJoined = carol.json("join", "--token", carolsInvite.get("invite_token").asText());
            assertThat(carolJoined.get("status").asText()).isEqualTo("joined");
            assertThat(carolJoined.get("member_count").asInt()).isEqualTo(3);

            // every node knows the same three members with the same keys (bob learns carol from alice)
            Map<String, String> realKeys = new LinkedHashMap<>();
            for (TestNode node : cluster.nodes()) {
                realKeys.put(node.agentId(), node.identity().publicKeyBase64());
            }
            for (Cli who : List.of(alice, bob, carol)) {
                await("members as " + who.name() + " sees them").atMost(ANNOUNCEMENT)
                        .untilAsserted(() -> assertThat(memberKeys(who, swarmId)).isEqualTo(realKeys));
            }
            JsonNode listed = single(carol.json("list"), "swarms");
            assertThat(listed.get("swarm_id").asText()).isEqualTo(swarmId);
            assertThat(listed.get("name").asText()).isEqualTo("build-team");
            assertThat(listed.get("master").asText()).isEqualTo("alice");
            assertThat(listed.get("state").asText()).isEqualTo("active");
            assertThat(listed.get("member_count").asInt()).isEqualTo(3);

            JsonNode broadcast = bob.json("send", "--message", "build is green on main");
            assertThat(broadcast.get("status").asText()).isEqualTo("sent");
            assertThat(broadcast.get("recipient").asText()).isEqualTo("broadcast");
            assertThat(broadcast.get("swarm_id").asText()).isEqualTo(swarmId);
            assertThat(items(broadcast.get("deliveries"))).extracting(d -> d.get("agent_id").asText(),
                    d -> d.get("status").asText()).containsExactlyInAnyOrder(tuple("alice", "delivered"),
                    tuple("carol", "delivered"));
            JsonNode direct = alice.json("send", "--to", "carol", "--message", "carol, please review PR 42");
            assertThat(direct.get("status").asText()).isEqualTo("sent");
            assertThat(direct.get("recipient").asText()).isEqualTo("carol");
            assertThat(items(direct.get("deliveries"))).extracting(d -> d.get("agent_id").asText(),
                    d -> d.get("status").asText()).containsExactly(tuple("carol", "delivered"));
            String broadcastId = broadcast.get("message_id").asText();
            String directId = direct.get("message_id").asText();

            // counts before anyone reads: alice has bob's broadcast, carol has both, bob only alice's
            // announcement that carol joined
            assertCounts(alice.json("messages", "--count"), swarmId, 1, 0, 0, 0);
            assertCounts(bob.json("messages", "--count"), swarmId, 1, 0, 0, 0);
            assertCounts(carol.json("messages", "--count"), swarmId, 2, 0, 0, 0);

            JsonNode alicesInbox = alice.json("messages");
            assertThat(alicesInbox.get("swarm_id").asText()).isEqualTo(swarmId);
            assertThat(alicesInbox.get("count").asInt()).isEqualTo(1);
            assertThat(items(alicesInbox.get("messages"))).extracting(SwarmLifecycleIT::summary)
                    .containsExactly(tuple(broadcastId, "bob", "broadcast", "message", "build is green on main"));

            JsonNode carolsInbox = carol.json("messages");
            assertThat(carolsInbox.get("count").asInt()).isEqualTo(2);
            assertThat(items(carolsInbox.get("messages"))).extracting(SwarmLifecycleIT::summary)
                    .containsExactlyInAnyOrder(
                            tuple(broadcastId, "bob", "broadcast", "message", "build is green on main"),
                            tuple(directId, "alice", "carol", "message", "carol, please review PR 42"));
            for (JsonNode message : items(carolsInbox.get("messages"))) {
                assertThat(message.get("swarm_id").asText()).isEqualTo(swarmId);
                assertThat(message.get("sender").get("endpoint").asText())
                        .isEqualTo(cluster.node(message.get("sender").get("agent_id").asText()).endpoint());
            }

            JsonNode bobsInbox = bob.json("messages");
            List<JsonNode> bobsMessages = items(bobsInbox.get("messages"));
            assertThat(bobsMessages).extracting(m -> m.get("message_id").asText()).doesNotContain(broadcastId, directId);
            assertThat(bobsMessages).singleElement().satisfies(announcement -> {
                assertThat(announcement.get("type").asText()).isEqualTo("system");
                assertThat(announcement.get("sender").get("agent_id").asText()).isEqualTo("alice");
                JsonNode content = Json.readTree(announcement.get("content").asText());
                assertThat(content.get("action").asText()).isEqualTo("member_joined");
                assertThat(content.get("agent_id").asText()).isEqualTo("carol");
                assertThat(content.get("public_key").asText()).isEqualTo(realKeys.get("carol"));
            });

            // what was shown is now read
            assertCounts(alice.json("messages", "--count"), swarmId, 0, 1, 0, 0);
            assertCounts(bob.json("messages", "--count"), swarmId, 0, 1, 0, 0);
            assertCounts(carol.json("messages", "--count"), swarmId, 0, 2, 0, 0);

            for (Cli who : List.of(alice, bob, carol)) {
                JsonNode status = who.json("status");
                TestNode node = cluster.node(who.name());
                assertThat(status.get("agent_id").asText()).isEqualTo(who.name());
                assertThat(status.get("endpoint").asText()).isEqualTo(node.endpoint());
                assertThat(status.get("public_key").asText()).isEqualTo(realKeys.get(who.name()));
                assertThat(status.get("serving").get("running").asBoolean()).isTrue();
                assertThat(status.get("swarm_count").asInt()).isEqualTo(1);
                assertThat(items(status.get("swarms"))).singleElement().satisfies(swarm -> {
                    assertThat(swarm.get("swarm_id").asText()).isEqualTo(swarmId);
                    assertThat(swarm.get("name").asText()).isEqualTo("build-team");
                    assertThat(swarm.get("master").asText()).isEqualTo("alice");
                    assertThat(swarm.get("is_master").asBoolean()).isEqualTo(who == alice);
                    assertThat(swarm.get("member_count").asInt()).isEqualTo(3);
                    assertThat(swarm.get("unread").asInt()).isZero();
                });
                assertThat(status.get("inbox").get("unread").asInt()).isZero();
            }
        }
    }

    @Test
    void readingTheInboxMarksWhatItShowedAsReadAndStatusAllStillShowsIt(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            BuildTeam team = BuildTeam.form(cluster);
            String broadcastId = team.bob.json("send", "--message", "nightly build failed").get("message_id").asText();
            String directId = team.alice.json("send", "--to", "carol", "--message", "can you look at it?")
                    .get("message_id").asText();

            JsonNode first = team.carol.json("messages");
            assertThat(items(first.get("messages"))).as("unread messages, oldest first")
                    .extracting(m -> m.get("message_id").asText(), m -> m.get("status").asText())
                    .containsExactly(tuple(broadcastId, "unread"), tuple(directId, "unread"));

            JsonNode second = team.carol.json("messages");
            assertThat(second.get("count").asInt()).isZero();
            assertThat(items(second.get("messages"))).isEmpty();

            JsonNode all = team.carol.json("messages", "--status", "all");
            assertThat(items(all.get("messages"))).extracting(m -> m.get("message_id").asText(),
                    m -> m.get("status").asText()).containsExactlyInAnyOrder(tuple(broadcastId, "read"),
                    tuple(directId, "read"));
            assertCounts(team.carol.json("messages", "--count"), team.swarmId, 0, 2, 0, 0);

            // --no-mark-read leaves a new message unread
            String later = team.bob.json("send", "--to", "carol", "--message", "fixed it").get("message_id").asText();
            JsonNode peek = team.carol.json("messages", "--no-mark-read");
            assertThat(ids(peek)).containsExactly(later);
            assertCounts(team.carol.json("messages", "--count"), team.swarmId, 1, 2, 0, 0);

            // --limit: the oldest unread first, the rest on the next read
            String latest = team.alice.json("send", "--to", "carol", "--message", "thanks bob").get("message_id")
                    .asText();
            assertThat(ids(team.carol.json("messages", "--limit", "1"))).containsExactly(later);
            assertThat(ids(team.carol.json("messages", "--limit", "1"))).containsExactly(latest);
            assertThat(ids(team.carol.json("messages"))).isEmpty();
            // other selections show the newest N
            assertThat(ids(team.carol.json("messages", "--status", "read", "--limit", "1"))).containsExactly(latest);
            assertCounts(team.carol.json("messages", "--count"), team.swarmId, 0, 4, 0, 0);
        }
    }

    @Test
    void aSwarmThatRequiresApprovalAdmitsOnlyTheAgentsItsMasterApproves(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            Cli alice = cluster.cli("alice");
            Cli bob = cluster.cli("bob");
            Cli carol = cluster.cli("carol");
            JsonNode created = alice.json("create", "--name", "release-crew", "--require-approval");
            assertThat(created.get("require_approval").asBoolean()).isTrue();
            String swarmId = created.get("swarm_id").asText();
            String invite = alice.json("invite").get("invite_token").asText();

            JsonNode bobWaits = bob.json("join", "--token", invite);
            assertThat(bobWaits.get("status").asText()).isEqualTo("pending");
            assertThat(bobWaits.get("swarm_id").asText()).isEqualTo(swarmId);
            assertThat(bob.json("status").get("pending_joins")).extracting(JsonNode::asText).containsExactly(swarmId);
            assertThat(carol.json("join", "--token", invite).get("status").asText()).isEqualTo("pending");

            JsonNode waiting = alice.json("requests");
            assertThat(items(waiting.get("requests"))).extracting(r -> r.get("agent_id").asText(),
                    r -> r.get("public_key").asText(), r -> r.get("status").asText()).containsExactlyInAnyOrder(
                    tuple("bob", cluster.node("bob").identity().publicKeyBase64(), "pending"),
                    tuple("carol", cluster.node("carol").identity().publicKeyBase64(), "pending"));
            assertThat(memberKeys(alice, swarmId)).containsOnlyKeys("alice");

            JsonNode approved = alice.json("approve", "bob");
            assertThat(approved.get("status").asText()).isEqualTo("approved");
            assertThat(approved.get("agent_id").asText()).isEqualTo("bob");
            assertThat(approved.get("swarm_id").asText()).isEqualTo(swarmId);
            JsonNode denied = alice.json("deny", "carol");
            assertThat(denied.get("status").asText()).isEqualTo("denied");
            assertThat(denied.get("agent_id").asText()).isEqualTo("carol");
            assertThat(items(alice.json("requests").get("requests"))).isEmpty();
            assertThat(memberKeys(alice, swarmId)).containsOnlyKeys("alice", "bob");

            // as the pending answer told them, both run the same join again
            JsonNode bobIn = bob.json("join", "--token", invite);
            assertThat(bobIn.get("status").asText()).isEqualTo("joined");
            assertThat(bobIn.get("member_count").asInt()).isEqualTo(2);
            assertThat(items(bob.json("status").get("pending_joins"))).isEmpty();
            assertThat(memberKeys(bob, swarmId)).containsOnlyKeys("alice", "bob");
            Cli.Result carolOut = carol.fails(ExitCodes.AUTH, "join", "--token", invite);
            assertThat(carolOut.errorCode()).isEqualTo("NOT_AUTHORIZED");
            assertThat(memberKeys(alice, swarmId)).containsOnlyKeys("alice", "bob");

            // a request nobody made cannot be decided
            assertThat(alice.fails(ExitCodes.NOT_FOUND, "approve", "mallory").errorCode()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void aPipedReplyReachesTheAskerWithItsThreadAndPriority(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            BuildTeam team = BuildTeam.form(cluster);
            String question = team.alice.json("send", "--to", "carol", "--message", "which branch has the fix?")
                    .get("message_id").asText();
            String thread = UUID.randomUUID().toString();

            JsonNode reply = team.carol.piping("fix/flaky-test, see PR 42\n").json("send", "--to", "alice",
                    "--reply-to", question, "--thread", thread, "--priority", "high");
            assertThat(reply.get("status").asText()).isEqualTo("sent");

            JsonNode received = single(team.alice.json("messages"));
            assertThat(received.get("message_id").asText()).isEqualTo(reply.get("message_id").asText());
            assertThat(received.get("sender").get("agent_id").asText()).isEqualTo("carol");
            assertThat(received.get("recipient").asText()).isEqualTo("alice");
            assertThat(received.get("content").asText()).isEqualTo("fix/flaky-test, see PR 42");
            assertThat(received.get("in_reply_to").asText()).isEqualTo(question);
            assertThat(received.get("thread_id").asText()).isEqualTo(thread);
            assertThat(received.get("priority").asText()).isEqualTo("high");
        }
    }

    @Test
    void archivedAndDeletedMessagesLeaveTheInboxAndADeletedOneIsNotRedelivered(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            BuildTeam team = BuildTeam.form(cluster);
            String keepId = team.bob.json("send", "--to", "carol", "--message", "release notes attached")
                    .get("message_id").asText();
            String dropId = team.bob.json("send", "--to", "carol", "--message", "lunch?").get("message_id").asText();
            team.carol.json("messages");

            JsonNode archived = team.carol.json("messages", "--archive", keepId);
            assertThat(archived.get("status").asText()).isEqualTo("archived");
            assertThat(archived.get("message_id").asText()).isEqualTo(keepId);
            JsonNode deleted = team.carol.json("messages", "--delete", dropId);
            assertThat(deleted.get("status").asText()).isEqualTo("deleted");
            assertThat(deleted.get("message_id").asText()).isEqualTo(dropId);

            assertThat(ids(team.carol.json("messages", "--status", "archived"))).containsExactly(keepId);
            assertThat(ids(team.carol.json("messages", "--status", "deleted"))).containsExactly(dropId);
            assertThat(ids(team.carol.json("messages", "--status", "all"))).containsExactly(keepId);
            assertThat(ids(team.carol.json("messages", "--status", "read"))).isEmpty();
            assertCounts(team.carol.json("messages", "--count"), team.swarmId, 0, 0, 1, 1);

            // bob's node retries the very same envelope (same message id): accepted, but not shown again
            String stored = cluster.node("bob").dump().rows("outbox").stream()
                    .filter(row -> dropId.equals(row.get("message_id"))).map(row -> (String) row.get("envelope"))
                    .findFirst().orElseThrow();
            try (RawClient peer = new RawClient()) {
                RawClient.Answer again = peer.post(cluster.node("carol").endpoint() + "/message", stored);
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.json().get("message_id").asText()).isEqualTo(dropId);
            }
            assertThat(ids(team.carol.json("messages"))).isEmpty();
            assertCounts(team.carol.json("messages", "--count"), team.swarmId, 0, 0, 1, 1);

            Cli.Result unknown = team.carol.fails(ExitCodes.NOT_FOUND, "messages", "--archive",
                    "00000000-0000-4000-8000-000000000000");
            assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void sendingToAnAgentOutsideTheSwarmFailsWithNotFoundAndOneJsonErrorDocument(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            BuildTeam team = BuildTeam.form(cluster);

            Cli.Result nobody = team.bob.fails(ExitCodes.NOT_FOUND, "send", "--to", "nobody", "--message", "hello?");
            assertThat(nobody.errorCode()).isEqualTo("MEMBER_NOT_FOUND");
            assertThat(nobody.document().get("error").get("message").asText()).contains("nobody");
            assertThat(nobody.stderr()).doesNotContain("MEMBER_NOT_FOUND");

            Cli.Result human = team.bob.run("send", "--to", "nobody", "--message", "hello?");
            assertThat(human.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
            assertThat(human.stdout()).isEmpty();
            assertThat(human.stderr()).startsWith("error: ").contains("nobody");

            Cli.Result priority = team.bob.fails(ExitCodes.INVALID_INPUT, "send", "--priority", "urgent",
                    "--message", "x");
            assertThat(priority.errorCode()).isEqualTo("INVALID_ARGUMENT");
            Cli.Result empty = team.bob.fails(ExitCodes.INVALID_INPUT, "send");
            assertThat(empty.errorCode()).isEqualTo("INVALID_ARGUMENT");
            Cli.Result unknownOption = team.bob.fails(ExitCodes.INVALID_INPUT, "send", "--frobnicate",
                    "--message", "x");
            assertThat(unknownOption.errorCode()).isEqualTo("INVALID_ARGUMENT");
            assertThat(unknownOption.document().get("error").get("message").asText()).contains("--frobnicate");

            // none of it reached anyone
            for (Cli who : List.of(team.alice, team.carol)) {
                assertCounts(who.json("messages", "--count"), team.swarmId, 0, 0, 0, 0);
            }
            assertThat(cluster.node("bob").dump().count("outbox")).isZero();
        }
    }

    @Test
    void aBroadcastWhileAMemberIsOfflineIsDeliveredToTheOthersAndQueuedForIt(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            BuildTeam team = BuildTeam.form(cluster);
            cluster.node("carol").stop();

            JsonNode broadcast = team.bob.json("send", "--message", "deploying to staging");

            assertThat(broadcast.get("status").asText()).isEqualTo("queued");
            Map<String, JsonNode> deliveries = byAgent(broadcast.get("deliveries"));
            assertThat(deliveries.get("alice").get("status").asText()).isEqualTo("delivered");
            assertThat(deliveries.get("carol").get("status").asText()).isEqualTo("pending");
            assertThat(deliveries.get("carol").get("error_code").asText()).isEqualTo("PEER_UNREACHABLE");
            assertThat(ids(team.alice.json("messages"))).containsExactly(broadcast.get("message_id").asText());
        }
    }

    @Test
    void aMessageOneMemberRefusesIsReportedForThatMemberAndADirectOneFailsWithItsCode(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob")) {
            cluster.add("carol", new ReceiveLimits(1_048_576, 100, Duration.ofMinutes(5)));
            BuildTeam team = BuildTeam.form(cluster);
            String longLog = "stack trace line\n".repeat(20);

            JsonNode partial = team.bob.json("send", "--message", longLog);
            assertThat(partial.get("status").asText()).isEqualTo("partial");
            Map<String, JsonNode> deliveries = byAgent(partial.get("deliveries"));
            assertThat(deliveries.get("alice").get("status").asText()).isEqualTo("delivered");
            assertThat(deliveries.get("carol").get("status").asText()).isEqualTo("failed");
            assertThat(deliveries.get("carol").get("error_code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");

            Cli.Result direct = team.bob.fails(ExitCodes.INVALID_INPUT, "send", "--to", "carol", "--message", longLog);
            assertThat(direct.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(direct.document().get("error").get("message").asText()).as("what carol said")
                    .contains("carol").contains("100");
            assertCounts(team.carol.json("messages", "--count"), team.swarmId, 0, 0, 0, 0);
        }
    }

    @Test
    void aSingleUseInviteAdmitsOneAgentAndRefusesTheNextWithTokenExhausted(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            Cli alice = cluster.cli("alice");
            String swarmId = alice.json("create", "--name", "build-team").get("swarm_id").asText();
            String invite = alice.json("invite", "--max-uses", "1").get("invite_token").asText();
            cluster.cli("bob").json("join", "--token", invite);

            Cli.Result refused = cluster.cli("carol").fails(ExitCodes.AUTH, "join", "--token", invite);
            assertThat(refused.errorCode()).isEqualTo("TOKEN_EXHAUSTED");

            assertThat(memberKeys(alice, swarmId)).containsOnlyKeys("alice", "bob");
            assertThat(items(cluster.cli("carol").json("list").get("swarms"))).isEmpty();
            // the agent that used it may come back with it: it gets the current members
            JsonNode again = cluster.cli("bob").json("join", "--token", invite);
            assertThat(again.get("status").asText()).isEqualTo("joined");
            assertThat(again.get("member_count").asInt()).isEqualTo(2);
        }
    }

    @Test
    void agentsRacingForTheLastUsesOfAnInviteGetExactlyThatManySeats(@TempDir Path root) throws Exception {
        List<String> joiners = List.of("bob", "carol", "dave", "erin", "frank");
        List<String> everyone = new ArrayList<>(List.of("alice"));
        everyone.addAll(joiners);
        try (Cluster cluster = Cluster.start(root, everyone.toArray(String[]::new))) {
            Cli alice = cluster.cli("alice");
            String swarmId = alice.json("create", "--name", "build-team").get("swarm_id").asText();
            String invite = alice.json("invite", "--max-uses", "2").get("invite_token").asText();

            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(joiners.size());
            Map<String, Future<Cli.Result>> outcomes = new LinkedHashMap<>();
            for (String joiner : joiners) {
                outcomes.put(joiner, pool.submit(() -> {
                    go.await();
                    return cluster.cli(joiner).attempt("join", "--token", invite);
                }));
            }
            go.countDown();
            Map<String, Cli.Result> results = new LinkedHashMap<>();
            for (var outcome : outcomes.entrySet()) {
                results.put(outcome.getKey(), outcome.getValue().get());
            }
            pool.shutdown();

            List<String> admitted = results.entrySet().stream().filter(e -> e.getValue().exitCode() == 0)
                    .map(Map.Entry::getKey).toList();
            assertThat(admitted).as("%s", results).hasSize(2);
            results.forEach((joiner, result) -> {
                if (!admitted.contains(joiner)) {
                    assertThat(result.exitCode()).as("%s", result).isEqualTo(ExitCodes.AUTH);
                    assertThat(result.errorCode()).as("%s", result).isEqualTo("TOKEN_EXHAUSTED");
                }
            });
            assertThat(memberKeys(alice, swarmId).keySet()).containsExactlyInAnyOrderElementsOf(
                    Stream.concat(Stream.of("alice"), admitted.stream()).toList());
        }
    }

    @Test
    void everyNodeKeepsItsSwarmAndInboxAcrossARestart(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            BuildTeam team = BuildTeam.form(cluster);
            String before = team.bob.json("send", "--message", "before the reboot").get("message_id").asText();
            team.carol.json("messages");
            Map<String, String> members = memberKeys(team.alice, team.swarmId);

            for (TestNode node : cluster.nodes()) {
                node.stop();
            }
            for (TestNode node : cluster.nodes()) {
                node.startServer();
            }

            for (Cli who : List.of(team.alice, team.bob, team.carol)) {
                assertThat(memberKeys(who, team.swarmId)).isEqualTo(members);
            }
            assertThat(ids(team.carol.json("messages", "--status", "read"))).containsExactly(before);
            String after = team.bob.json("send", "--message", "after the reboot").get("message_id").asText();
            assertThat(ids(team.carol.json("messages"))).containsExactly(after);
            assertThat(ids(team.alice.json("messages"))).containsExactly(before, after);
        }
    }

    @Test
    void anExpiredInviteIsRefusedWithTokenExpired(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob")) {
            Cli alice = cluster.cli("alice");
            String swarmId = alice.json("create", "--name", "build-team").get("swarm_id").asText();
            JsonNode invite = alice.json("invite", "--expires", "0.0005");
            Instant expiresAt = Timestamps.parse(invite.get("expires_at").asText());
            await("invite expiry").atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiresAt));

            Cli.Result refused = cluster.cli("bob").fails(ExitCodes.AUTH, "join", "--token",
                    invite.get("invite_token").asText());
            assertThat(refused.errorCode()).isEqualTo("TOKEN_EXPIRED");

            assertThat(memberKeys(alice, swarmId)).containsOnlyKeys("alice");
            assertThat(items(cluster.cli("bob").json("list").get("swarms"))).isEmpty();
        }
    }

    /** alice's swarm "build-team" with bob and carol in it, joined with one invite that has no use limit. */
    private record BuildTeam(Cli alice, Cli bob, Cli carol, String swarmId) {
        static BuildTeam form(Cluster cluster) {
            Cli alice = cluster.cli("alice");
            String swarmId = alice.json("create", "--name", "build-team").get("swarm_id").asText();
            JsonNode invite = alice.json("invite");
            assertThat(invite.path("max_uses").isNull() || invite.path("max_uses").isMissingNode())
                    .as("max_uses of an invite without a limit: %s", invite).isTrue();
            String url = invite.get("invite_token").asText();
            Cli bob = cluster.cli("bob");
            Cli carol = cluster.cli("carol");
            bob.json("join", "--token", url);
            // the bare JWT works as well as the swarm:// URL
            carol.json("join", "--token", url.substring(url.indexOf("?token=") + "?token=".length()));
            await("bob learns that carol joined").atMost(ANNOUNCEMENT)
                    .untilAsserted(() -> assertThat(memberKeys(bob, swarmId)).containsKey("carol"));
            return new BuildTeam(alice, bob, carol, swarmId);
        }
    }

    /** agent id to public key, as {@code swarm list --members} shows the swarm on this node. */
    private static Map<String, String> memberKeys(Cli who, String swarmId) {
        JsonNode list = who.json("list", "--members");
        JsonNode swarm = items(list.get("swarms")).stream().filter(s -> s.get("swarm_id").asText().equals(swarmId))
                .findFirst().orElseThrow(() -> new AssertionError(who.name() + " does not list swarm " + swarmId));
        Map<String, String> keys = new LinkedHashMap<>();
        for (JsonNode member : items(swarm.get("members"))) {
            keys.put(member.get("agent_id").asText(), member.get("public_key").asText());
        }
        assertThat(swarm.get("member_count").asInt()).isEqualTo(keys.size());
        return keys;
    }

    private static void assertCounts(JsonNode counts, String swarmId, int unread, int read, int archived,
                                     int deleted) {
        assertThat(counts.get("swarm_id").asText()).isEqualTo(swarmId);
        assertThat(counts.get("unread").asInt()).as("unread").isEqualTo(unread);
        assertThat(counts.get("read").asInt()).as("read").isEqualTo(read);
        assertThat(counts.get("archived").asInt()).as("archived").isEqualTo(archived);
        assertThat(counts.get("deleted").asInt()).as("deleted").isEqualTo(deleted);
        assertThat(counts.get("total").asInt()).as("total").isEqualTo(unread + read + archived + deleted);
    }

    private static Tuple summary(JsonNode m) {
        return tuple(m.get("message_id").asText(), m.get("sender").get("agent_id").asText(),
                m.get("recipient").asText(), m.get("type").asText(), m.get("content").asText());
    }

    private static Map<String, JsonNode> byAgent(JsonNode deliveries) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        items(deliveries).forEach(d -> result.put(d.get("agent_id").asText(), d));
        return result;
    }

    private static JsonNode single(JsonNode messagesOutput) {
        return single(messagesOutput, "messages");
    }

    private static JsonNode single(JsonNode document, String arrayField) {
        List<JsonNode> elements = items(document.get(arrayField));
        assertThat(elements).as("%s in %s", arrayField, document).hasSize(1);
        return elements.get(0);
    }

    private static List<String> ids(JsonNode messagesOutput) {
        return items(messagesOutput.get("messages")).stream().map(m -> m.get("message_id").asText()).toList();
    }

}
