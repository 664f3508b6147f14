package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.Schemas;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed swarm: alice (master) and bob run our node; "py" is a peer that speaks only what the
 * Python implementation of 0.1.0 speaks ({@link LegacyPeer}). It must be able to join, talk and be
 * talked to, and learn about members who join after it.
 */
class LegacyPeerIT {
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    // non-ASCII on purpose: the legacy signature is over UTF-8, and Python escapes it in JSON (backslash-u sequences)
    private static final String PY_BROADCAST = "py here, taking issue 7 \u2014 d\u00e9j\u00e0 vu \ud83d\ude80";
    private static final String PY_TO_BOB = "bob, your test is flaky on py3.12:\n  assert \"\u00fc\" == u\"\u00fc\"";
    private static final String BOB_BROADCAST = "rebased onto main \u2192 please pull \u2705";
    private static final String ALICE_TO_PY = "py, you own issue 7 now (na\u00efve caf\u00e9 fix)";

    /** PROTOCOL.md section 2, plus our one declared extension (8.2). */
    private static final List<String> ENVELOPE_FIELDS = List.of("protocol_version", "message_id", "timestamp",
            "sender", "recipient", "swarm_id", "type", "content", "signature", "in_reply_to", "thread_id", "priority",
            "expires_at", "attachments", "references", "metadata", "envelope_signature");

    @Test
    void aLegacyPeerJoinsWithTheRawTokenAndReceivesEveryMemberWithTheirKey(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob");
             LegacyPeer py = LegacyPeer.start(root.resolve("py"), "py")) {
            MixedSwarm swarm = MixedSwarm.form(cluster);

            RawClient.Answer joined = py.join(swarm.jwt);

            assertThat(joined.status()).as(joined.body()).isEqualTo(200);
            Schemas.assertValid("join-response.schema.json", joined.body());
            JsonNode answer = joined.json();
            assertThat(answer.get("status").asText()).isEqualTo("accepted");
            assertThat(answer.get("swarm_id").asText()).isEqualTo(swarm.swarmId);
            assertThat(answer.get("swarm_name").asText()).isEqualTo("build-team");
            assertThat(memberKeys(answer)).isEqualTo(Map.of(
                    "alice", cluster.node("alice").identity().publicKeyBase64(),
                    "bob", cluster.node("bob").identity().publicKeyBase64(),
                    "py", py.publicKey()));
            assertThat(items(answer.get("members"))).extracting(m -> m.get("agent_id").asText(),
                    m -> m.get("endpoint").asText()).contains(tuple("py", py.endpoint()),
                    tuple("alice", cluster.node("alice").endpoint()));

            // the master lists it at once; bob learns it (with its key) from the master's announcement
            assertThat(listedKeys(swarm.alice, swarm.swarmId)).containsEntry("py", py.publicKey());
            await("bob learns that py joined").atMost(DELIVERY).untilAsserted(() ->
                    assertThat(listedKeys(swarm.bob, swarm.swarmId)).containsEntry("py", py.publicKey()));

            // joining again (a Python peer restarted) returns the same members and announces nothing new
            RawClient.Answer again = py.join(swarm.jwt);
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(memberKeys(again.json())).isEqualTo(memberKeys(answer));
            assertThat(announcementsOf(swarm.bob, "member_joined", "py")).hasSize(1);

            assertThat(fieldNames(answer)).as("only the protocol's join answer fields in %s", answer)
                    .isSubsetOf("status", "swarm_id", "swarm_name", "members");
        }
    }

    @Test
    void ourNodesAcceptTheLegacyPeersBroadcastAndDirectMessages(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob");
             LegacyPeer py = LegacyPeer.start(root.resolve("py"), "py")) {
            MixedSwarm swarm = MixedSwarm.form(cluster);
            swarm.admit(py);

            ObjectNode broadcast = py.envelope(swarm.swarmId, "broadcast", "message", PY_BROADCAST);
            for (String member : List.of("alice", "bob")) {
                RawClient.Answer answer = py.send(cluster.node(member).endpoint(), broadcast);
                assertThat(answer.status()).as("%s answers %s", member, answer.body()).isEqualTo(200);
                Schemas.assertValid("message-accepted.schema.json", answer.body());
                assertThat(answer.json().get("status").asText()).isEqualTo("queued");
                assertThat(answer.json().get("message_id").asText()).isEqualTo(broadcast.get("message_id").asText());
            }
            ObjectNode direct = py.envelope(swarm.swarmId, "bob", "message", PY_TO_BOB);
            RawClient.Answer toBob = py.send(cluster.node("bob").endpoint(), direct);
            assertThat(toBob.status()).as(toBob.body()).isEqualTo(200);

            String broadcastId = broadcast.get("message_id").asText();
            String directId = direct.get("message_id").asText();
            // a Python peer retries what it thinks failed: the same envelope again is answered as new, kept once
            RawClient.Answer retried = py.send(cluster.node("alice").endpoint(), broadcast);
            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().get("message_id").asText()).isEqualTo(broadcastId);
            assertThat(messagesFrom(swarm.alice, "py")).containsExactly(
                    tuple(broadcastId, "broadcast", PY_BROADCAST, broadcast.get("timestamp").asText()));
            assertThat(messagesFrom(swarm.bob, "py")).containsExactlyInAnyOrder(
                    tuple(broadcastId, "broadcast", PY_BROADCAST, broadcast.get("timestamp").asText()),
                    tuple(directId, "bob", PY_TO_BOB, direct.get("timestamp").asText()));
        }
    }

    @Test
    void ourNodesDeliverToTheLegacyPeerWithAVerifiableLegacySignatureAndOnlyProtocolFields(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob");
             LegacyPeer py = LegacyPeer.start(root.resolve("py"), "py")) {
            MixedSwarm swarm = MixedSwarm.form(cluster);
            Map<String, String> keys = memberKeys(swarm.admit(py));

            JsonNode broadcast = swarm.bob.json("send", "--message", BOB_BROADCAST);
            assertThat(items(broadcast.get("deliveries"))).extracting(d -> d.get("agent_id").asText(),
                    d -> d.get("status").asText()).containsExactlyInAnyOrder(tuple("alice", "delivered"),
                    tuple("py", "delivered"));
            JsonNode direct = swarm.alice.json("send", "--to", "py", "--message", ALICE_TO_PY);
            assertThat(direct.get("status").asText()).isEqualTo("sent");

            List<LegacyPeer.Received> posts = py.received().stream()
                    .filter(r -> r.path().equals("/swarm/message")).toList();
            assertThat(posts).extracting(r -> r.json().get("message_id").asText())
                    .containsExactlyInAnyOrder(broadcast.get("message_id").asText(), direct.get("message_id").asText());
            for (LegacyPeer.Received post : posts) {
                JsonNode envelope = post.json();
                String sender = envelope.get("sender").get("agent_id").asText();
                assertThat(post.method()).isEqualTo("POST");
                assertThat(post.protocol()).as("the JDK server speaks only HTTP/1.1").isEqualTo("HTTP/1.1");
                assertThat(post.header("Content-Type")).startsWith("application/json");
                assertThat(post.header("X-Agent-ID")).isEqualTo(sender);
                assertThat(post.header("X-Swarm-Protocol")).isEqualTo("0.1.0");
                assertThat(nullFields(envelope, "$")).as("fields sent as JSON null").isEmpty();
                Schemas.assertValid("envelope.schema.json", post.body());
                assertThat(LegacyPeer.verifies(keys.get(sender), envelope))
                        .as("legacy signature of %s verifies with %s's key from the join answer", envelope, sender)
                        .isTrue();
                assertThat(envelope.get("protocol_version").asText()).isEqualTo("0.1.0");
                assertThat(envelope.get("swarm_id").asText()).isEqualTo(swarm.swarmId);
                assertThat(envelope.get("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
                assertThat(envelope.get("sender").get("endpoint").asText())
                        .isEqualTo(cluster.node(sender).endpoint());
            }
            assertThat(py.messages()).extracting(m -> m.get("sender").get("agent_id").asText(),
                    m -> m.get("recipient").asText(), m -> m.get("type").asText(), m -> m.get("content").asText())
                    .containsExactlyInAnyOrder(tuple("bob", "broadcast", "message", BOB_BROADCAST),
                            tuple("alice", "py", "message", ALICE_TO_PY));
            for (JsonNode envelope : py.messages()) {
                assertThat(fieldNames(envelope)).as("only the protocol's envelope fields in %s", envelope)
                        .isSubsetOf(ENVELOPE_FIELDS);
            }
        }
    }

    @Test
    void aMemberWhoJoinsLaterIsAnnouncedToTheLegacyPeerWithItsPublicKey(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob", "carol");
             LegacyPeer py = LegacyPeer.start(root.resolve("py"), "py")) {
            MixedSwarm swarm = MixedSwarm.form(cluster);
            Map<String, String> keys = memberKeys(swarm.admit(py));

            cluster.cli("carol").json("join", "--token", swarm.inviteUrl);

            JsonNode announcement = await("member_joined reaches py").atMost(DELIVERY).until(
                    () -> py.messages().stream().filter(m -> m.get("type").asText().equals("system")).findFirst(),
                    Optional::isPresent).orElseThrow();
            assertThat(announcement.get("sender").get("agent_id").asText()).isEqualTo("alice");
            assertThat(announcement.get("recipient").asText()).isEqualTo("broadcast");
            assertThat(LegacyPeer.verifies(keys.get("alice"), announcement)).isTrue();
            assertThat(nullFields(announcement, "$")).isEmpty();
            Schemas.assertValid("envelope.schema.json", announcement.toString());
            JsonNode content = Json.readTree(announcement.get("content").asText());
            assertThat(content.get("action").asText()).isEqualTo("member_joined");
            assertThat(content.get("agent_id").asText()).isEqualTo("carol");
            assertThat(content.get("swarm_id").asText()).isEqualTo(swarm.swarmId);
            assertThat(content.get("endpoint").asText()).isEqualTo(cluster.node("carol").endpoint());
            assertThat(content.get("public_key").asText()).isEqualTo(cluster.node("carol").identity().publicKeyBase64());
            assertThat(Timestamps.isValid(content.get("joined_at").asText())).isTrue();

            // as older peers do, py asks the new member who it is and checks the answer
            RawClient.Answer info = py.get(content.get("endpoint").asText() + "/info");
            assertThat(info.status()).isEqualTo(200);
            Schemas.assertValid("info.schema.json", info.body());
            assertThat(info.json().get("agent_id").asText()).isEqualTo("carol");
            assertThat(info.json().get("public_key").asText()).isEqualTo(content.get("public_key").asText());

            assertThat(fieldNames(announcement)).as("only the protocol's envelope fields in %s", announcement)
                    .isSubsetOf(ENVELOPE_FIELDS);
        }
    }

    @Test
    void whenTheLegacyPeerLeavesOurNodesDropItAndRefuseItsMessages(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice", "bob");
             LegacyPeer py = LegacyPeer.start(root.resolve("py"), "py")) {
            MixedSwarm swarm = MixedSwarm.form(cluster);
            swarm.admit(py);

            // Python builds system content with json.dumps: ", " and ": " separators
            String left = "{\"action\": \"member_left\", \"agent_id\": \"py\", \"swarm_id\": \"" + swarm.swarmId
                    + "\"}";
            ObjectNode goodbye = py.envelope(swarm.swarmId, "broadcast", "system", left);
            for (String member : List.of("alice", "bob")) {
                RawClient.Answer answer = py.send(cluster.node(member).endpoint(), goodbye);
                assertThat(answer.status()).as("%s answers %s", member, answer.body()).isEqualTo(200);
            }

            assertThat(listedKeys(swarm.alice, swarm.swarmId)).containsOnlyKeys("alice", "bob");
            assertThat(listedKeys(swarm.bob, swarm.swarmId)).containsOnlyKeys("alice", "bob");
            assertThat(announcementsOf(swarm.bob, "member_left", "py")).hasSize(1);
            RawClient.Answer afterwards = py.send(cluster.node("bob").endpoint(),
                    py.envelope(swarm.swarmId, "bob", "message", "one more thing"));
            assertThat(afterwards.status()).isEqualTo(403);
            assertThat(afterwards.errorCode()).isEqualTo("NOT_MEMBER");
            JsonNode broadcast = swarm.bob.json("send", "--message", "py has left us");
            assertThat(items(broadcast.get("deliveries"))).extracting(d -> d.get("agent_id").asText())
                    .containsExactly("alice");
            assertThat(py.messages()).isEmpty();
        }
    }

    @Test
    void theMasterRefusesAnExpiredInviteFromAPeerThatDoesNotCheckExpiry(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "alice");
             LegacyPeer py = LegacyPeer.start(root.resolve("py"), "py")) {
            Cli alice = cluster.cli("alice");
            String swarmId = alice.json("create", "--name", "build-team").get("swarm_id").asText();
            JsonNode invite = alice.json("invite", "--expires", "0.0005");
            Instant expiresAt = Timestamps.parse(invite.get("expires_at").asText());
            await("invite expiry").atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiresAt));

            RawClient.Answer refused = py.join(rawJwt(invite.get("invite_token").asText()));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo("TOKEN_EXPIRED");
            Schemas.assertValid("error.schema.json", refused.body());
            assertThat(listedKeys(alice, swarmId)).containsOnlyKeys("alice");
            // and a single-use invite, once used, is refused as exhausted
            String once = alice.json("invite", "--max-uses", "1").get("invite_token").asText();
            assertThat(py.join(rawJwt(once)).status()).isEqualTo(200);
            try (LegacyPeer other = LegacyPeer.start(root.resolve("py2"), "py2")) {
                RawClient.Answer exhausted = other.join(rawJwt(once));
                assertThat(exhausted.status()).isEqualTo(401);
                assertThat(exhausted.errorCode()).isEqualTo("TOKEN_EXHAUSTED");
            }
            assertThat(listedKeys(alice, swarmId)).containsOnlyKeys("alice", "py");
        }
    }

    @Test
    void ourNodesInALegacyMastersSwarmLearnANewMembersKeyFromItsInfo(@TempDir Path root) {
        try (Cluster cluster = Cluster.start(root, "bob", "carol");
             LegacyPeer py = LegacyPeer.start(root.resolve("py"), "py")) {
            String swarmId = py.createSwarm("py-team");
            Cli bob = cluster.cli("bob");
            Cli carol = cluster.cli("carol");

            JsonNode bobJoined = bob.json("join", "--token", py.invite());
            assertThat(bobJoined.get("master").asText()).isEqualTo("py");
            JsonNode carolJoined = carol.json("join", "--token", py.invite());
            assertThat(carolJoined.get("member_count").asInt()).isEqualTo(3);

            // py announces carol to bob the older way, without her key; bob's node asks carol's /info
            List<JsonNode> announced = await("py's member_joined reaches bob").atMost(DELIVERY)
                    .until(() -> announcementsOf(bob, "member_joined", "carol"), list -> !list.isEmpty());
            assertThat(announced.get(0).has("public_key")).isFalse();
            Map<String, String> everyone = Map.of("py", py.publicKey(),
                    "bob", cluster.node("bob").identity().publicKeyBase64(),
                    "carol", cluster.node("carol").identity().publicKeyBase64());
            await("bob learns carol's key from her /info").atMost(DELIVERY)
                    .untilAsserted(() -> assertThat(listedKeys(bob, swarmId)).isEqualTo(everyone));
            assertThat(listedKeys(carol, swarmId)).isEqualTo(everyone);

            // so carol can be heard by bob, and everyone hears everyone
            JsonNode fromCarol = carol.json("send", "--message", "hello from the newcomer");
            assertThat(items(fromCarol.get("deliveries"))).extracting(d -> d.get("agent_id").asText(),
                    d -> d.get("status").asText()).containsExactlyInAnyOrder(tuple("py", "delivered"),
                    tuple("bob", "delivered"));
            assertThat(messagesFrom(bob, "carol")).extracting(t -> t.toList().get(2))
                    .containsExactly("hello from the newcomer");
            JsonNode atPy = py.messages().stream().filter(m -> m.get("sender").get("agent_id").asText().equals("carol"))
                    .findFirst().orElseThrow();
            assertThat(LegacyPeer.verifies(everyone.get("carol"), atPy)).isTrue();
            ObjectNode fromPy = py.envelope(swarmId, "broadcast", "message", PY_BROADCAST);
            for (String member : List.of("bob", "carol")) {
                RawClient.Answer answer = py.send(cluster.node(member).endpoint(), fromPy);
                assertThat(answer.status()).as("%s answers %s", member, answer.body()).isEqualTo(200);
            }
            assertThat(messagesFrom(carol, "py")).extracting(t -> t.toList().get(2)).containsExactly(PY_BROADCAST);
        }
    }

    /** alice's swarm "build-team" with bob in it, and an invite (no use limit) for whoever comes next. */
    private record MixedSwarm(Cli alice, Cli bob, String swarmId, String inviteUrl, String jwt) {
        static MixedSwarm form(Cluster cluster) {
            Cli alice = cluster.cli("alice");
            String swarmId = alice.json("create", "--name", "build-team").get("swarm_id").asText();
            String url = alice.json("invite").get("invite_token").asText();
            Cli bob = cluster.cli("bob");
            bob.json("join", "--token", url);
            return new MixedSwarm(alice, bob, swarmId, url, rawJwt(url));
        }

        /** py joins; returns the join answer once bob's node knows py too (it learns it from alice). */
        JsonNode admit(LegacyPeer py) {
            RawClient.Answer joined = py.join(jwt);
            assertThat(joined.status()).as(joined.body()).isEqualTo(200);
            await("bob learns that py joined").atMost(DELIVERY).untilAsserted(() ->
                    assertThat(listedKeys(bob, swarmId)).containsEntry("py", py.publicKey()));
            return joined.json();
        }
    }

    /** The JWT inside a {@code swarm://} invite URL: what a user of the Python CLI pastes. */
    private static String rawJwt(String inviteUrl) {
        assertThat(inviteUrl).startsWith("swarm://").contains("?token=");
        return inviteUrl.substring(inviteUrl.indexOf("?token=") + "?token=".length());
    }

    private static Map<String, String> memberKeys(JsonNode joinAnswer) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (JsonNode member : items(joinAnswer.get("members"))) {
            keys.put(member.get("agent_id").asText(), member.get("public_key").asText());
        }
        return keys;
    }

    private static Map<String, String> listedKeys(Cli who, String swarmId) {
        JsonNode swarm = items(who.json("list", "--members").get("swarms")).stream()
                .filter(s -> s.get("swarm_id").asText().equals(swarmId)).findFirst().orElseThrow();
        Map<String, String> keys = new LinkedHashMap<>();
        for (JsonNode member : items(swarm.get("members"))) {
            keys.put(member.get("agent_id").asText(), member.get("public_key").asText());
        }
        return keys;
    }

    /** (message id, recipient, content, timestamp) of the messages from {@code sender} in the inbox. */
    private static List<Tuple> messagesFrom(Cli who, String sender) {
        return items(who.json("messages", "--status", "all").get("messages")).stream()
                .filter(m -> m.get("sender").get("agent_id").asText().equals(sender))
                .map(m -> tuple(m.get("message_id").asText(), m.get("recipient").asText(), m.get("content").asText(),
                        m.get("timestamp").asText()))
                .toList();
    }

    /** The system messages in {@code who}'s inbox (any status) announcing {@code action} about {@code agentId}. */
    private static List<JsonNode> announcementsOf(Cli who, String action, String agentId) {
        return items(who.json("messages", "--status", "all", "--no-mark-read").get("messages")).stream()
                .filter(m -> m.get("type").asText().equals("system"))
                .map(m -> Json.readTree(m.get("content").asText()))
                .filter(c -> c.path("action").asText().equals(action) && c.path("agent_id").asText().equals(agentId))
                .toList();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Paths of every JSON null in the document: older peers choke on some, and the protocol omits them. */
    private static List<String> nullFields(JsonNode node, String path) {
        List<String> found = new ArrayList<>();
        if (node.isNull()) {
            found.add(path);
        } else if (node.isObject()) {
            node.properties().forEach(e -> found.addAll(nullFields(e.getValue(), path + "." + e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(nullFields(node.get(i), path + "[" + i + "]"));
            }
        }
        return found;
    }
}
