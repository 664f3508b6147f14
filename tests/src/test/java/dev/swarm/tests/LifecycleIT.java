package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode.ExitCodes;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of a swarm after it formed, on four real nodes (alice, bob, carol, dave: each its own
 * SQLite file, serving HTTP/2 over real TLS on loopback), driven only through the {@code swarm}
 * command line with {@code --json} (every document checked against its schema by {@link Cli}). After
 * each change, every node's view of the swarm is checked.
 */
class LifecycleIT {
    private static final Duration PROPAGATION = Duration.ofSeconds(20);
    private static final List<String> EVERYONE = List.of("alice", "bob", "carol", "dave");

    @Test
    void aMemberWhoLeavesIsDroppedByEveryoneElseAndTakesNoMoreMessages(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, EVERYONE.toArray(String[]::new))) {
            String swarmId = formSwarm(cluster, EVERYONE);
            Cli dave = cluster.cli("dave");

            Cli.Result unconfirmed = dave.fails(ExitCodes.INVALID_INPUT, "leave");
            assertThat(unconfirmed.errorCode()).isEqualTo("INVALID_ARGUMENT");
            assertThat(message(unconfirmed)).contains("--yes");
            assertThat(state(dave, swarmId)).isEqualTo("active");

            JsonNode left = dave.json("leave", "--yes");

            assertThat(left.get("status").asText()).isEqualTo("left");
            assertThat(left.get("swarm_id").asText()).isEqualTo(swarmId);
            assertThat(left.get("agent_id").asText()).isEqualTo("dave");
            assertThat(deliveries(left)).containsOnly(Map.entry("alice", "delivered"), Map.entry("bob", "delivered"),
                    Map.entry("carol", "delivered"));
            assertEveryoneElseSees(cluster, swarmId, List.of("alice", "bob", "carol"), "dave");
            assertThat(state(dave, swarmId)).isEqualTo("left");
            assertThat(memberKeys(dave, swarmId).keySet()).as("dave keeps the list as it was when he left")
                    .containsExactlyInAnyOrderElementsOf(EVERYONE);

            JsonNode broadcast = cluster.cli("bob").json("send", "--message", "dave has moved on");
            assertThat(deliveries(broadcast).keySet()).containsExactlyInAnyOrder("alice", "carol");
            assertRefusedAt(cluster, "dave", swarmId, 404, "SWARM_NOT_FOUND");
            assertThat(dave.fails(ExitCodes.AUTH, "send", "--swarm", swarmId, "--message", "still here?").errorCode())
                    .isEqualTo("NOT_MEMBER");
            assertThat(message(dave.fails(ExitCodes.NOT_FOUND, "send", "--message", "still here?")))
                    .as("without --swarm there is no swarm to choose").contains("build-team: left");

            Cli.Result masterLeaving = cluster.cli("alice").fails(ExitCodes.AUTH, "leave", "--yes");
            assertThat(masterLeaving.errorCode()).isEqualTo("NOT_AUTHORIZED");
            assertThat(message(masterLeaving)).contains("swarm transfer --to").contains("swarm dissolve");
            assertEveryoneElseSees(cluster, swarmId, List.of("alice", "bob", "carol"), "dave");
        }
    }

    @Test
    void aKickedMemberIsToldAndMarksItselfKickedWhileEveryoneElseDropsIt(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, EVERYONE.toArray(String[]::new))) {
            String swarmId = formSwarm(cluster, EVERYONE);
            Cli alice = cluster.cli("alice");
            Cli dave = cluster.cli("dave");
            assertThat(cluster.cli("bob").fails(ExitCodes.AUTH, "kick", "--agent", "carol", "--yes").errorCode())
                    .isEqualTo("NOT_MASTER");
            assertThat(alice.fails(ExitCodes.INVALID_INPUT, "kick", "--agent", "alice", "--yes").errorCode())
                    .isEqualTo("INVALID_ARGUMENT");
            assertThat(alice.fails(ExitCodes.NOT_FOUND, "kick", "--agent", "erin", "--yes").errorCode())
                    .isEqualTo("MEMBER_NOT_FOUND");
            assertEveryoneElseSees(cluster, swarmId, EVERYONE, "nobody");

            JsonNode kicked = alice.json("kick", "--agent", "dave", "--reason", "pushed to main without review", "--yes");

            assertThat(kicked.get("status").asText()).isEqualTo("kicked");
            assertThat(kicked.get("agent_id").asText()).isEqualTo("dave");
            assertThat(kicked.get("reason").asText()).isEqualTo("pushed to main without review");
            assertThat(deliveries(kicked)).containsOnly(Map.entry("dave", "delivered"), Map.entry("bob", "delivered"),
                    Map.entry("carol", "delivered"));
            assertEveryoneElseSees(cluster, swarmId, List.of("alice", "bob", "carol"), "dave");
            await("dave learns he was kicked").atMost(PROPAGATION)
                    .untilAsserted(() -> assertThat(state(dave, swarmId)).isEqualTo("kicked"));
            JsonNode status = items(dave.json("status").get("swarms")).stream()
                    .filter(s -> s.get("swarm_id").asText().equals(swarmId)).findFirst().orElseThrow();
            assertThat(status.get("state").asText()).isEqualTo("kicked");
            assertThat(systemMessages(dave)).anySatisfy(content -> {
                assertThat(content.get("action").asText()).isEqualTo("kicked");
                assertThat(content.get("agent_id").asText()).isEqualTo("dave");
                assertThat(content.get("reason").asText()).isEqualTo("pushed to main without review");
            });
            assertThat(systemMessages(cluster.cli("bob"))).anySatisfy(content ->
                    assertThat(content.get("action").asText()).isEqualTo("member_kicked"));

            assertRefusedAt(cluster, "dave", swarmId, 404, "SWARM_NOT_FOUND");
            assertThat(dave.fails(ExitCodes.AUTH, "send", "--swarm", swarmId, "--message", "let me back in").errorCode())
                    .isEqualTo("NOT_MEMBER");
        }
    }

    @Test
    void theMasterHandsTheSwarmToAnotherMemberWhoThenRunsItAndTheOldMasterNoLongerCan(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, EVERYONE.toArray(String[]::new))) {
            String swarmId = formSwarm(cluster, List.of("alice", "bob", "carol"));
            Cli alice = cluster.cli("alice");

            // a target that cannot be reached changes nothing anywhere
            TestNode carolsNode = cluster.node("carol");
            carolsNode.stop();
            Cli.Result unreachable = alice.fails(ExitCodes.NETWORK, "transfer", "--to", "carol", "--yes");
            assertThat(unreachable.errorCode()).isEqualTo("PEER_UNREACHABLE");
            carolsNode.startServer();
            // nor does one that refuses: bob's node has left the swarm without the others hearing of it yet
            setState(cluster.node("bob"), swarmId, "left");
            Cli.Result refused = alice.fails(ExitCodes.NOT_FOUND, "transfer", "--to", "bob", "--yes");
            assertThat(refused.errorCode()).as("bob's own code").isEqualTo("SWARM_NOT_FOUND");
            assertThat(message(refused)).startsWith("bob at " + cluster.node("bob").endpoint() + " refused: ");
            setState(cluster.node("bob"), swarmId, "active");
            for (String who : List.of("alice", "bob", "carol")) {
                assertThat(master(cluster.cli(who), swarmId)).as("master as %s sees it", who).isEqualTo("alice");
            }

            JsonNode transferred = alice.json("transfer", "--to", "carol", "--yes");

            assertThat(transferred.get("status").asText()).isEqualTo("transferred");
            assertThat(transferred.get("old_master").asText()).isEqualTo("alice");
            assertThat(transferred.get("new_master").asText()).isEqualTo("carol");
            for (String who : List.of("alice", "bob", "carol")) {
                await("carol is master as " + who + " sees it").atMost(PROPAGATION)
                        .untilAsserted(() -> assertThat(master(cluster.cli(who), swarmId)).isEqualTo("carol"));
            }

            String invite = cluster.cli("carol").json("invite").get("invite_token").asText();
            JsonNode joined = cluster.cli("dave").json("join", "--token", invite);
            assertThat(joined.get("master").asText()).isEqualTo("carol");
            assertEveryoneElseSees(cluster, swarmId, EVERYONE, "nobody");
            for (String who : EVERYONE) {
                assertThat(master(cluster.cli(who), swarmId)).as("master as %s sees it", who).isEqualTo("carol");
            }

            Cli.Result oldMasterKicks = alice.fails(ExitCodes.AUTH, "kick", "--agent", "bob", "--yes");
            assertThat(oldMasterKicks.errorCode()).isEqualTo("NOT_MASTER");
            assertThat(alice.fails(ExitCodes.AUTH, "invite").errorCode()).isEqualTo("NOT_MASTER");
            assertEveryoneElseSees(cluster, swarmId, EVERYONE, "nobody");
        }
    }

    @Test
    void aDissolvedSwarmIsOverOnEveryNodeAndRefusesFurtherMessages(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, EVERYONE.toArray(String[]::new))) {
            String swarmId = formSwarm(cluster, EVERYONE);
            assertThat(cluster.cli("bob").fails(ExitCodes.AUTH, "dissolve", "--yes").errorCode())
                    .isEqualTo("NOT_MASTER");

            JsonNode dissolved = cluster.cli("alice").json("dissolve", "--reason", "release shipped", "--yes");

            assertThat(dissolved.get("status").asText()).isEqualTo("dissolved");
            assertThat(deliveries(dissolved)).containsOnly(Map.entry("bob", "delivered"),
                    Map.entry("carol", "delivered"), Map.entry("dave", "delivered"));
            for (String who : EVERYONE) {
                await(who + " sees the swarm dissolved").atMost(PROPAGATION)
                        .untilAsserted(() -> assertThat(state(cluster.cli(who), swarmId)).isEqualTo("dissolved"));
                assertThat(memberKeys(cluster.cli(who), swarmId).keySet()).as("%s keeps the last member list", who)
                        .containsExactlyInAnyOrderElementsOf(EVERYONE);
            }
            for (String who : List.of("bob", "carol", "dave")) {
                assertRefusedAt(cluster, who, swarmId, 404, "SWARM_NOT_FOUND");
            }
            assertThat(cluster.cli("bob").fails(ExitCodes.AUTH, "send", "--swarm", swarmId, "--message", "anyone?").errorCode())
                    .isEqualTo("NOT_MEMBER");
        }
    }

    @Test
    void mutedSendersAndSwarmsAreStillStoredAndListedAsMuted(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, EVERYONE.toArray(String[]::new))) {
            String swarmId = formSwarm(cluster, EVERYONE);
            Cli bob = cluster.cli("bob");

            JsonNode muted = bob.json("mute", "--agent", "carol", "--reason", "too chatty");
            assertThat(muted.get("status").asText()).isEqualTo("muted");
            assertThat(muted.get("kind").asText()).isEqualTo("agent");
            assertThat(muted.get("target").asText()).isEqualTo("carol");
            cluster.cli("carol").json("send", "--message", "lunch anyone?");
            cluster.cli("dave").json("send", "--message", "CI is red");

            assertThat(inbox(bob)).containsExactlyInAnyOrder(tuple("carol", "lunch anyone?", true),
                    tuple("dave", "CI is red", false));
            assertThat(Cli.items(bob.json("status").get("muted_agent_ids"))).extracting(JsonNode::asText)
                    .containsExactly("carol");

            JsonNode wholeSwarm = bob.json("mute", "--swarm", swarmId.substring(0, 8));
            assertThat(wholeSwarm.get("target").asText()).isEqualTo(swarmId);
            assertThat(inbox(bob)).extracting(t -> t.toList().get(2)).containsOnly(true);

            bob.json("unmute", "--agent", "carol");
            bob.json("unmute", "--swarm", swarmId);
            assertThat(inbox(bob)).extracting(t -> t.toList().get(2)).containsOnly(false);
            assertThat(bob.fails(ExitCodes.NOT_FOUND, "unmute", "--agent", "carol").errorCode()).isEqualTo("NOT_FOUND");
            assertThat(inbox(cluster.cli("alice"))).as("a mute is bob's alone")
                    .containsExactlyInAnyOrder(tuple("carol", "lunch anyone?", false), tuple("dave", "CI is red", false));
            assertEveryoneElseSees(cluster, swarmId, EVERYONE, "nobody");
        }
    }

    @Test
    void aRevokedInviteIsRefusedAtJoinAndTheListShowsItsUses(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol")) {
            Cli alice = cluster.cli("alice");
            String swarmId = alice.json("create", "--name", "build-team").get("swarm_id").asText();
            JsonNode invite = alice.json("invite", "--max-uses", "5");
            String inviteId = invite.get("invite_id").asText();
            cluster.cli("bob").json("join", "--token", invite.get("invite_token").asText());

            JsonNode listed = single(alice.json("invite", "list"));
            assertThat(listed.get("invite_id").asText()).isEqualTo(inviteId);
            assertThat(listed.get("swarm_id").asText()).isEqualTo(swarmId);
            assertThat(listed.get("uses").asInt()).isEqualTo(1);
            assertThat(listed.get("max_uses").asInt()).isEqualTo(5);
            assertThat(listed.get("status").asText()).isEqualTo("active");
            assertThat(listed.has("revoked_at")).isFalse();

            Cli.Result unconfirmed = alice.fails(ExitCodes.INVALID_INPUT, "invite", "revoke", inviteId);
            assertThat(message(unconfirmed)).contains("--yes");
            assertThat(single(alice.json("invite", "list")).get("status").asText()).isEqualTo("active");
            assertThat(cluster.cli("bob").fails(ExitCodes.NOT_FOUND, "invite", "revoke", inviteId, "--yes").errorCode())
                    .isEqualTo("NOT_FOUND");

            JsonNode revoked = alice.json("invite", "revoke", inviteId, "--yes");

            assertThat(revoked.get("status").asText()).isEqualTo("revoked");
            assertThat(revoked.get("invite_id").asText()).isEqualTo(inviteId);
            Cli.Result refused = cluster.cli("carol").fails(ExitCodes.AUTH, "join", "--token",
                    invite.get("invite_token").asText());
            assertThat(refused.errorCode()).isEqualTo("INVALID_TOKEN");
            JsonNode afterwards = single(alice.json("invite", "list"));
            assertThat(afterwards.get("status").asText()).isEqualTo("revoked");
            assertThat(afterwards.get("revoked_at").asText()).isEqualTo(revoked.get("revoked_at").asText());
            assertThat(afterwards.get("uses").asInt()).isEqualTo(1);
            assertThat(memberKeys(alice, swarmId).keySet()).containsExactlyInAnyOrder("alice", "bob");
            assertThat(memberKeys(cluster.cli("bob"), swarmId).keySet()).containsExactlyInAnyOrder("alice", "bob");
            assertThat(items(cluster.cli("carol").json("list").get("swarms"))).isEmpty();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** alice creates "build-team", the others join with one invite, and every one of them knows all of them. */
    private static String formSwarm(Cluster cluster, List<String> members) {
        Cli alice = cluster.cli("alice");
        String swarmId = alice.json("create", "--name", "build-team").get("swarm_id").asText();
        String invite = alice.json("invite").get("invite_token").asText();
        for (String joiner : members.subList(1, members.size())) {
            cluster.cli(joiner).json("join", "--token", invite);
        }
        assertEveryoneElseSees(cluster, swarmId, members, "nobody");
        return swarmId;
    }

    /**
     * Every node in {@code members} lists exactly those members, with their real keys, in an active
     * swarm (waiting for announcements to arrive); {@code gone} is named in the message only.
     */
    private static void assertEveryoneElseSees(Cluster cluster, String swarmId, List<String> members, String gone) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String member : members) {
            expected.put(member, cluster.node(member).identity().publicKeyBase64());
        }
        for (String who : members) {
            Cli cli = cluster.cli(who);
            await(who + "'s member list without " + gone).atMost(PROPAGATION).untilAsserted(() -> {
                assertThat(memberKeys(cli, swarmId)).isEqualTo(expected);
                assertThat(state(cli, swarmId)).isEqualTo("active");
            });
        }
    }

    /** A fresh message from bob, signed with his key, posted straight to {@code who}'s node. */
    private static void assertRefusedAt(Cluster cluster, String who, String swarmId, int status, String code) {
        TestNode bob = cluster.node("bob");
        var envelope = WireMessages.withEnvelopeSignature(WireMessages.signed(bob.seed(), "bob", bob.endpoint(),
                swarmId, "broadcast", "message", "are you still there?"), bob.seed());
        try (RawClient client = new RawClient()) {
            RawClient.Answer answer = client.post(cluster.node(who).endpoint() + "/message",
                    WireMessages.bytes(envelope));
            assertThat(answer.status()).as("%s answers %s", who, answer.body()).isEqualTo(status);
            assertThat(answer.errorCode()).isEqualTo(code);
        }
    }

    /** Changes a node's own record of the swarm behind everyone's back, as if a message had been lost. */
    private static void setState(TestNode node, String swarmId, String state) {
        node.node().database().write(store -> {
            store.swarms().setState(swarmId, state, "2026-01-01T00:00:00.000Z");
            return null;
        });
    }

    private static JsonNode swarm(Cli who, String swarmId) {
        return items(who.json("list", "--members").get("swarms")).stream()
                .filter(s -> s.get("swarm_id").asText().equals(swarmId)).findFirst()
                .orElseThrow(() -> new AssertionError(who.name() + " does not list swarm " + swarmId));
    }

    private static String state(Cli who, String swarmId) {
        return swarm(who, swarmId).get("state").asText();
    }

    private static String master(Cli who, String swarmId) {
        return swarm(who, swarmId).get("master").asText();
    }

    /** agent id to public key, as {@code swarm list --members} shows the swarm on this node. */
    private static Map<String, String> memberKeys(Cli who, String swarmId) {
        JsonNode swarm = swarm(who, swarmId);
        Map<String, String> keys = new LinkedHashMap<>();
        for (JsonNode member : items(swarm.get("members"))) {
            keys.put(member.get("agent_id").asText(), member.get("public_key").asText());
        }
        assertThat(swarm.get("member_count").asInt()).isEqualTo(keys.size());
        return keys;
    }

    /** Each delivery's agent and status. */
    private static Map<String, String> deliveries(JsonNode document) {
        Map<String, String> result = new LinkedHashMap<>();
        items(document.get("deliveries")).forEach(d -> result.put(d.get("agent_id").asText(), d.get("status").asText()));
        return result;
    }

    /** (sender, content, muted) of every ordinary message in the inbox, whatever its status. */
    private static List<org.assertj.core.groups.Tuple> inbox(Cli who) {
        return items(who.json("messages", "--status", "all", "--no-mark-read").get("messages")).stream()
                .filter(m -> m.get("type").asText().equals("message"))
                .map(m -> tuple(m.get("sender").get("agent_id").asText(), m.get("content").asText(),
                        m.get("muted").asBoolean()))
                .toList();
    }

    /** The parsed content of every system message in the inbox. */
    private static List<JsonNode> systemMessages(Cli who) {
        return items(who.json("messages", "--status", "all", "--no-mark-read").get("messages")).stream()
                .filter(m -> m.get("type").asText().equals("system"))
                .map(m -> Json.readTree(m.get("content").asText()))
                .toList();
    }

    private static JsonNode single(JsonNode inviteList) {
        List<JsonNode> invites = items(inviteList.get("invites"));
        assertThat(invites).hasSize(1);
        return invites.get(0);
    }

    private static String message(Cli.Result failed) {
        return failed.document().get("error").get("message").asText();
    }
}
