package dev.swarm.tests.reference;

import static dev.swarm.tests.Cli.items;
import static dev.swarm.tests.reference.OurView.create;
import static dev.swarm.tests.reference.OurView.deliveries;
import static dev.swarm.tests.reference.OurView.invite;
import static dev.swarm.tests.reference.OurView.members;
import static dev.swarm.tests.reference.OurView.received;
import static dev.swarm.tests.reference.OurView.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.tests.Cli;
import dev.swarm.tests.Cluster;
import dev.swarm.tests.McpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five ways our node fell short when it first met the real reference implementation (issue 17),
 * each reproduced against the reference's unmodified server and CLI and asserting what our node must
 * do: (1) the reference's 429 names a Unix time in {@code Retry-After}; (2) a reference master that
 * announces no joins; (3) a kick whose reason the reference breaks with a quote; (4) fields the legacy
 * signature does not cover; (5) invites without {@code jti} signed with our master's key.
 *
 * <p>alice, bob, carol and dave run our node (in this JVM, default settings, shared by the tests); each
 * test starts the reference peers it needs, configured as the case requires, and makes its own swarms.
 */
class ReferenceQuirksIT {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    /** How long our commands wait to report each delivery ({@code --wait}): generous for a busy machine. */
    private static final String WAIT = "30";
    /** A membership change the master has made, followed here: its announcement is answered within seconds. */
    private static final Duration FOLLOW = Duration.ofSeconds(30);
    /** The reference's rate limiter counts requests in a sliding minute: what it refuses goes through within one. */
    private static final Duration RATE_WINDOW = Duration.ofSeconds(120);
    private static final String EVIL = "https://evil.example.net/swarm";

    @TempDir
    static Path root;

    private static Cluster cluster;
    private static Cli alice;
    private static Cli bob;
    private static Cli carol;
    private static Cli dave;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startOurNodes() {
        cluster = Cluster.start(root, "alice", "bob", "carol", "dave");
        alice = cluster.cli("alice");
        bob = cluster.cli("bob");
        carol = cluster.cli("carol");
        dave = cluster.cli("dave");
    }

    @AfterAll
    static void stopOurNodes() {
        cluster.close();
    }

    @AfterEach
    void stopThisTestsPeers() throws Exception {
        for (AutoCloseable each : closing) {
            each.close();
        }
    }

    /** Case 1: the reference answers 429 with {@code Retry-After} as a Unix time (about a minute ahead). */
    @Test
    void aRateLimitedReferencePeersUnixTimeRetryAfterNeitherParksOurOutboxNorHoldsUpOtherPeers() {
        ReferencePeer limited = peer(ReferencePeer.init(root, "limited", "RATE_LIMIT_MESSAGES_PER_MINUTE=4",
                "WAKE_ENABLED=false").start());
        String swarm = create(alice, "quirk-429");
        String url = invite(alice, swarm);
        bob.json("join", "--token", url);
        limited.json("join", "--token", url);
        await("bob learns limited").atMost(DELIVERY).until(() -> members(bob, swarm).containsKey("limited"));

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(alice.json("send", "--swarm", swarm, "--to", "limited", "--message", "update " + i, "--wait", "0")
                    .get("message_id").asText());
        }
        JsonNode refused = await("the reference refuses the fifth with 429").atMost(DELIVERY)
                .until(() -> rowsTo(alice, swarm, "limited").stream()
                        .filter(r -> "RATE_LIMITED".equals(r.path("last_error_code").asText(null))).findFirst(),
                        Optional::isPresent).orElseThrow();

        // the peer's wait, read as the Unix time it is (within its minute), and never beyond our retry cap
        Instant tried = Timestamps.parse(refused.get("last_attempt_at").asText());
        Instant next = Timestamps.parse(refused.get("next_attempt_at").asText());
        assertThat(next).as("next attempt of %s", refused).isBefore(tried.plus(Duration.ofSeconds(65)));
        // a message for another member is not held up behind the refused one
        JsonNode toAll = alice.json("send", "--wait", WAIT, "--swarm", swarm,
                "--message", "to everyone, while limited waits");
        assertThat(deliveries(toAll)).containsEntry("bob", "delivered");
        assertThat(received(bob, swarm, toAll.get("message_id").asText())).hasSize(1);
        // and the user can move the waiting delivery by hand
        Cli.Result retried = alice.attempt("outbox", "retry", refused.get("id").asText());
        assertThat(retried.exitCode()).as("%s", retried).isZero();
        sent.add(toAll.get("message_id").asText());

        await("everything reaches limited once its minute has passed").atMost(RATE_WINDOW)
                .until(() -> rowsTo(alice, swarm, "limited").stream()
                        .allMatch(r -> r.get("status").asText().equals("delivered")));
        List<ReferenceView.Received> atLimited = await("limited's inbox API answers").atMost(RATE_WINDOW)
                .ignoreExceptions().until(() -> ReferenceView.inbox(limited, swarm), rows -> true);
        for (String id : sent) {
            assertThat(atLimited).filteredOn(r -> r.messageId().equals(id)).as("%s stored once", id).hasSize(1);
        }
    }

    /**
     * Case 2: the reference master announces joins only when {@code AGENT_PRIVATE_KEY_PATH} is set, and
     * its own bootstrap leaves it unset. bob joins after alice; nobody tells alice.
     */
    @Test
    void aMemberWhoJoinedASilentReferenceMasterAfterUsBecomesReachableBothWays() {
        ReferencePeer silent = peer(ReferencePeer.init(root, "silent", "AGENT_PRIVATE_KEY_PATH=").start());
        String swarm = silent.json("create", "--name", "quirk-silent").get("swarm_id").asText();
        alice.json("join", "--token", silent.json("invite", "--swarm", swarm).get("invite_token").asText());
        bob.json("join", "--token", silent.json("invite", "--swarm", swarm).get("invite_token").asText());
        assertThat(ReferenceView.members(silent, swarm)).containsOnlyKeys("silent", "alice", "bob");

        Cli.Result hello = bob.attempt("send", "--swarm", swarm, "--to", "alice", "--message", "hi alice, bob here");
        String helloId = hello.document().path("message_id").asText(hello.document().path("error").path("details")
                .path("message_id").asText());

        await("bob's message reaches alice").atMost(DELIVERY)
                .until(() -> received(alice, swarm, helloId).size() == 1);
        assertThat(members(alice, swarm)).as("alice learnt bob with his key")
                .containsEntry("bob", cluster.node("bob").identity().publicKeyBase64());
        JsonNode reply = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "bob",
                "--message", "welcome, bob");
        assertThat(deliveries(reply)).isEqualTo(Map.of("bob", "delivered"));
        assertThat(received(bob, swarm, reply.get("message_id").asText())).hasSize(1);
    }

    /**
     * Case 2, second half: the reference master announces erin, but erin's server is not up yet when
     * alice's node asks her {@code /info}; it must ask again, not give up after one try.
     */
    @Test
    void aMemberWhoseInfoCouldNotBeReadWhenTheReferenceAnnouncedItIsLearntOnceItServes() {
        ReferencePeer master = peer(ReferencePeer.init(root, "announcer").start());
        String swarm = master.json("create", "--name", "quirk-late-info").get("swarm_id").asText();
        alice.json("join", "--token", master.json("invite", "--swarm", swarm).get("invite_token").asText());
        TestNode erin = TestNode.create(root, "erin", ReceiveLimits.DEFAULTS);
        closing.add(erin);
        Cli erinCli = new Cli("erin", erin.env());

        erinCli.json("join", "--token", master.json("invite", "--swarm", swarm).get("invite_token").asText());
        // the announcement reached alice while erin's server was down: her /info lookup failed
        await("alice has the announcement").atMost(DELIVERY).until(() -> OurView.inbox(alice, swarm).stream()
                .anyMatch(m -> m.get("type").asText().equals("system") && m.get("content").asText().contains("erin")));
        erin.startServer();

        await("alice learns erin once erin serves").atMost(DELIVERY)
                .until(() -> erin.identity().publicKeyBase64().equals(members(alice, swarm).get("erin")));
        JsonNode fromErin = erinCli.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "alice",
                "--message", "erin here");
        assertThat(deliveries(fromErin)).isEqualTo(Map.of("alice", "delivered"));
        JsonNode toErin = alice.json("send", "--wait", WAIT, "--swarm", swarm, "--to", "erin",
                "--message", "hello erin");
        assertThat(deliveries(toErin)).isEqualTo(Map.of("erin", "delivered"));
    }

    /**
     * Case 3, the reference at fault: it builds {@code kicked} and {@code member_kicked} by string
     * concatenation, so a reason with a quote makes invalid JSON. Its master has dropped bob all the same;
     * our nodes must follow: bob's swarm is kicked, alice's list loses bob.
     */
    @Test
    void aKickWhoseContentTheReferenceBreaksWithAQuoteIsStillFollowedByOurMemberLists() {
        ReferencePeer master = peer(ReferencePeer.init(root, "kicker").start());
        String swarm = master.json("create", "--name", "quirk-quote").get("swarm_id").asText();
        alice.json("join", "--token", master.json("invite", "--swarm", swarm).get("invite_token").asText());
        bob.json("join", "--token", master.json("invite", "--swarm", swarm).get("invite_token").asText());
        await("alice learns bob").atMost(DELIVERY).until(() -> members(alice, swarm).containsKey("bob"));

        JsonNode kicked = master.json("kick", "--swarm", swarm, "--agent", "bob", "--reason", "he said \"stop\"",
                "--yes");

        assertThat(kicked.get("status").asText()).isEqualTo("kicked");
        assertThat(ReferenceView.members(master, swarm)).containsOnlyKeys("kicker", "alice");
        await("bob's node marks the swarm kicked").atMost(FOLLOW).until(() -> state(bob, swarm).equals("kicked"));
        await("alice's node drops bob").atMost(FOLLOW)
                .until(() -> members(alice, swarm).keySet().equals(Set.of("kicker", "alice")));
    }

    /**
     * Case 4a: what the reference puts in {@code sender.endpoint} is its own configuration, which the
     * legacy signature does not cover. Our user must not be shown it as the member's verified endpoint.
     */
    @Test
    void anEndpointTheReferencePeerClaimsInItsEnvelopeIsNotShownAsTheMembersVerifiedEndpoint() throws IOException {
        ReferencePeer py = peer(ReferencePeer.init(root, "claimer").start());
        String swarm = create(alice, "quirk-endpoint");
        py.json("join", "--token", invite(alice, swarm));
        // its user edits the configured endpoint (a move, a typo, or a member up to no good); the key is unchanged
        Path config = py.home().resolve(".swarm").resolve("config.yaml");
        Files.writeString(config, Files.readString(config).replace(py.endpoint(), EVIL));

        String messageId = py.json("send", "--swarm", swarm, "--message", "find me at my new address")
                .get("message_id").asText();

        JsonNode shown = received(alice, swarm, messageId).get(0);
        assertNotShownAsVerified(shown, "sender.endpoint", shown.get("sender").get("endpoint").asText(), EVIL);
        assertMcpDoesNotVouchFor(alice, cluster.node("alice").env(), swarm, messageId, "endpoint", EVIL);
    }

    /**
     * Case 4b: an envelope the reference signed, relayed with {@code priority} raised and {@code
     * sender.endpoint} replaced (neither is covered by the legacy signature, which still verifies).
     */
    @Test
    void fieldsChangedAfterTheReferenceSignedAreNotShownAsVerified() throws IOException {
        ReferencePeer py = peer(ReferencePeer.init(root, "signer").start());
        String swarm = create(alice, "quirk-priority");
        String url = invite(alice, swarm);
        bob.json("join", "--token", url);
        py.json("join", "--token", url);
        await("bob learns signer").atMost(DELIVERY).until(() -> members(bob, swarm).containsKey("signer"));
        TestNode bobsNode = cluster.node("bob");
        // bob is away while the reference broadcasts: it reaches alice only (the reference gives up on bob)
        bobsNode.stop();
        String messageId;
        try {
            messageId = py.json("send", "--swarm", swarm, "--message", "routine status, nothing urgent")
                    .get("message_id").asText();
        } finally {
            bobsNode.startServer();
        }
        ObjectNode relayed = (ObjectNode) Json.readTree(storedEnvelope(cluster.node("alice"), messageId));
        relayed.put("priority", "high");
        ((ObjectNode) relayed.get("sender")).put("endpoint", EVIL);

        RawClient.Answer answer;
        try (RawClient http = new RawClient()) {
            answer = http.post(bobsNode.endpoint() + "/message", Json.toText(relayed));
        }

        assertThat(answer.status()).as("the legacy signature still verifies: %s", answer.body()).isEqualTo(200);
        JsonNode shown = received(bob, swarm, messageId).get(0);
        assertNotShownAsVerified(shown, "priority", shown.get("priority").asText(), "high");
        assertNotShownAsVerified(shown, "sender.endpoint", shown.get("sender").get("endpoint").asText(), EVIL);
        assertMcpDoesNotVouchFor(bob, bobsNode.env(), swarm, messageId, "endpoint", EVIL);
        assertMcpDoesNotVouchFor(bob, bobsNode.env(), swarm, messageId, "priority", "high");
    }

    /**
     * Case 5: alice ran the reference before our node and kept her key; invites she issued then carry no
     * {@code jti}. Our master must count their uses, give them an expiry and let alice revoke them.
     */
    @Test
    void invitesWithoutJtiInTheReferencesFormatSignedWithOurMastersKeyAreCountedExpireAndCanBeRevoked()
            throws IOException {
        String swarm = create(alice, "quirk-jti");
        TestNode aliceNode = cluster.node("alice");
        ReferencePeer before = ReferencePeer.withIdentity(root.resolve("alice-before"), "alice", aliceNode.endpoint(),
                aliceNode.seed(), aliceNode.identity().publicKeyBase64());
        importSwarm(before, swarm, "quirk-jti", aliceNode);

        String once = before.json("invite", "--swarm", swarm, "--max-uses", "1").get("invite_token").asText();
        String open = before.json("invite", "--swarm", swarm).get("invite_token").asText();
        String expired = before.json("invite", "--swarm", swarm, "--expires", "-1").get("invite_token").asText();
        assertThat(List.of(once, open, expired)).allSatisfy(url -> assertThat(claims(url).has("jti")).isFalse());

        // an hour past its expires_at: refused
        assertThat(dave.attempt("join", "--token", expired).errorCode()).isEqualTo("TOKEN_EXPIRED");
        // max_uses 1: one join, then exhausted
        assertThat(bob.json("join", "--token", once).get("status").asText()).isEqualTo("joined");
        assertThat(carol.attempt("join", "--token", once).errorCode()).isEqualTo("TOKEN_EXHAUSTED");
        // no expiry of its own: usable, and it gets ours
        assertThat(carol.json("join", "--token", open).get("status").asText()).isEqualTo("joined");
        List<JsonNode> invites = items(alice.json("invite", "list", "--swarm", swarm).get("invites"));
        JsonNode usedUp = invites.stream().filter(i -> i.path("max_uses").asInt() == 1).findFirst()
                .orElseThrow(() -> new AssertionError("no invite with max_uses 1 in " + invites));
        assertThat(usedUp.get("uses").asInt()).isEqualTo(1);
        assertThat(usedUp.get("status").asText()).isEqualTo("used_up");
        JsonNode active = invites.stream().filter(i -> !i.has("max_uses") && i.path("uses").asInt() > 0).findFirst()
                .orElseThrow(() -> new AssertionError("no used invite without max_uses in " + invites));
        assertThat(active.get("uses").asInt()).isEqualTo(1);
        assertThat(active.get("status").asText()).isEqualTo("active");
        assertThat(active.has("expires_at")).as("an expiry for %s", active).isTrue();
        assertThat(Timestamps.parse(active.get("expires_at").asText())).isAfter(Instant.now());

        // and it can be revoked
        alice.json("invite", "revoke", active.get("invite_id").asText(), "--yes");
        assertThat(dave.attempt("join", "--token", open).errorCode()).isEqualTo("INVALID_TOKEN");
        assertThat(members(alice, swarm)).containsOnlyKeys("alice", "bob", "carol");
    }

    private ReferencePeer peer(ReferencePeer peer) {
        closing.add(peer);
        return peer;
    }

    /** Our outbox rows of that swarm addressed to {@code recipient}. */
    private static List<JsonNode> rowsTo(Cli who, String swarm, String recipient) {
        return items(who.json("outbox", "--swarm", swarm, "--limit", "1000").get("rows")).stream()
                .filter(r -> r.get("recipient").asText().equals(recipient)).toList();
    }

    /**
     * The shown value of a field the signature does not cover is either not the value the sender (or
     * whoever relayed it) put there, or comes with a mark that it is unverified (a field whose name
     * says "unverified" and names it).
     */
    private static void assertNotShownAsVerified(JsonNode message, String field, String shown, String unsigned) {
        if (!shown.equals(unsigned)) {
            return;
        }
        String leaf = field.substring(field.lastIndexOf('.') + 1);
        assertThat(unverifiedMarks(message)).as("shows the unsigned %s %s as the sender's: %s", field, unsigned,
                message).anyMatch(mark -> mark.contains(leaf));
    }

    /** The text of every field whose name contains "unverified", anywhere in the document. */
    private static List<String> unverifiedMarks(JsonNode node) {
        List<String> marks = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().contains("unverified")) {
                    marks.add(field.getKey() + "=" + field.getValue());
                }
                marks.addAll(unverifiedMarks(field.getValue()));
            }
        } else if (node.isArray()) {
            node.forEach(item -> marks.addAll(unverifiedMarks(item)));
        }
        return marks;
    }

    /**
     * What {@code swarm_inbox} gives an agent: beside {@code signature_verified: true}, that field is not
     * the unsigned value (or is marked unverified).
     */
    private static void assertMcpDoesNotVouchFor(Cli who, Map<String, String> env, String swarm, String messageId,
                                                 String field, String unsigned) {
        McpClient.Report report = McpClient.of(root.resolve("mcp-" + who.name()), env)
                .call("swarm_inbox", Map.of("swarm", swarm, "status", "all", "mark_read", false, "limit", 100))
                .run();
        JsonNode message = items(report.ok(0, "inbox").get("messages")).stream()
                .filter(m -> m.get("message_id").asText().equals(messageId)).findFirst().orElseThrow();
        JsonNode from = message.get("from_peer");
        // the peer's claims are under peer_fields; the endpoint is this node's record, in from_peer
        JsonNode fields = message.has("peer_fields") ? message.get("peer_fields") : message;
        String shown = field.equals("endpoint") ? from.get("endpoint").asText() : fields.get(field).asText();
        if (from.path("signature_verified").asBoolean(false)) {
            assertNotShownAsVerified(message, field, shown, unsigned);
        }
    }

    /** The envelope exactly as our node stored it on arrival. */
    private static String storedEnvelope(TestNode node, String messageId) {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + node.databaseFile());
             PreparedStatement query = db.prepareStatement("SELECT envelope FROM inbox WHERE message_id = ?")) {
            query.setString(1, messageId);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("%s stored %s", node.agentId(), messageId).isTrue();
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The swarm as alice's reference installation knew it, put there with the reference's own {@code swarm import}. */
    private static void importSwarm(ReferencePeer home, String swarm, String name, TestNode master) throws IOException {
        String now = Instant.now().toString();
        ObjectNode state = Json.mapper().createObjectNode().put("schema_version", "2.0.0")
                .put("agent_id", master.agentId());
        ObjectNode entry = state.putObject("swarms").putObject(swarm).put("swarm_id", swarm).put("name", name)
                .put("master", master.agentId()).put("joined_at", now);
        entry.putArray("members").addObject().put("agent_id", master.agentId()).put("endpoint", master.endpoint())
                .put("public_key", master.identity().publicKeyBase64()).put("joined_at", now);
        entry.putObject("settings").put("allow_member_invite", false).put("require_approval", false);
        Path file = home.home().resolveSibling("state.json");
        Files.writeString(file, Json.toText(state), StandardCharsets.UTF_8);
        JsonNode imported = home.json("import", "--input", file.toString(), "--yes");
        assertThat(imported.get("swarms").asInt()).isEqualTo(1);
    }

    /** The claims of the JWT in an invite URL. */
    private static JsonNode claims(String url) {
        String jwt = url.substring(url.indexOf("?token=") + "?token=".length());
        String payload = jwt.split("\\.")[1];
        return Json.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}
