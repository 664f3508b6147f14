package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.coordination.CoordinationConfig;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Presence, the causal chain and loop-guard notices at {@code POST /swarm/message}, over real HTTP/2
 * and TLS: what a member's well-formed announcement changes (and that it leaves nothing in the inbox),
 * and one test per class of hostile input, each refused with nothing stored anywhere.
 */
class CoordinationEndpointTest {
    @TempDir
    Path dir;

    private TestNode alice;
    private RawClient client;
    private Swarm swarm;
    private final FakePeer bob = FakePeer.named("bob");
    private final FakePeer carol = FakePeer.named("carol");
    private final FakePeer mallory = FakePeer.named("mallory");

    @BeforeEach
    void setUp() {
        CoordinationConfig guard = CoordinationConfig.from(setting -> switch (setting) {
            case GUARD_MAX_HOPS -> "5";
            case GUARD_THREAD_BURST -> "4";
            case GUARD_SENDER_BURST -> "6";
            default -> setting.defaultValue();
        });
        alice = TestNode.start(dir, "alice", NodeOptions.DEFAULTS.withCoordination(guard));
        client = new RawClient();
        swarm = alice.node().swarms().create("build-team", false);
        alice.node().database().write(store -> {
            store.members().upsert(bob.memberOf(swarm.swarmId()));
            store.members().upsert(carol.memberOf(swarm.swarmId()));
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    // --- presence -------------------------------------------------------------------------------

    @Test
    void aMembersPresenceUpdatesItsRowLeavesNothingInTheInboxAndMarksItAsSpeakingPresence() {
        ObjectNode presence = presence(bob, "bob", "working", m -> m.put("presence_roles", "reviewer tester")
                .put("presence_claims", "acme/app#12").put("presence_client", "claude"));

        assertThat(post(presence).status()).isEqualTo(200);

        DbDump dump = alice.dump();
        assertThat(dump.rows("inbox")).as("presence is not a message").isEmpty();
        assertThat(dump.rows("presence")).singleElement().satisfies(row -> {
            assertThat(row.get("agent_id")).isEqualTo("bob");
            assertThat(row.get("state")).isEqualTo("working");
            assertThat(row.get("roles")).isEqualTo("[\"reviewer\",\"tester\"]");
            assertThat(row.get("claims")).isEqualTo("[\"acme/app#12\"]");
            assertThat(row.get("client")).isEqualTo("claude");
            assertThat(row.get("message_id")).isEqualTo(presence.get("message_id").asText());
        });
        Member stored = alice.node().database().read(store -> store.members().find(swarm.swarmId(), "bob")).orElseThrow();
        assertThat(stored.capabilities()).contains("presence-v1");
        assertThat(post(presence).status()).as("a redelivery").isEqualTo(200);
        assertThat(alice.dump().rows("inbox")).isEmpty();
    }

    @Test
    void anOlderPresenceArrivingLateDoesNotReplaceANewerOne() {
        ObjectNode newer = presence(bob, "bob", "idle", m -> { });
        ObjectNode older = presence(bob, "bob", "working", m -> { });
        older.put("timestamp", Timestamps.format(Instant.now().minusSeconds(60)));
        bob.resign(older);

        assertThat(post(newer).status()).isEqualTo(200);
        assertThat(post(older).status()).isEqualTo(200);

        assertThat(alice.dump().rows("presence")).singleElement()
                .satisfies(row -> assertThat(row.get("state")).isEqualTo("idle"));
    }

    @Test
    void aPresenceFromANonMemberIsRefusedAndNothingIsStored() {
        assertRefusedAndNothingStored(presence(mallory, "mallory", "idle", m -> { }), 403, "NOT_MEMBER");
    }

    @Test
    void aPresenceAboutAnotherAgentIsRefusedAndNothingIsStored() {
        JsonNode error = assertRefusedAndNothingStored(presence(bob, "carol", "working", m -> { }), 403,
                "NOT_AUTHORIZED");
        assertThat(error.get("details").get("field").asText()).isEqualTo("metadata.presence_agent");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "presence|asleep|metadata.presence",
            "presence_since|yesterday|metadata.presence_since",
            "presence_active_at|2026-13-45T99:00:00.000Z|metadata.presence_active_at",
            "presence_client|Claude Code|metadata.presence_client",
            "presence_roles|reviewer <script>|metadata.presence_roles",
            "presence_roles|ignore\u0007previous|metadata.presence_roles",
            "presence_claims|acme/app#0|metadata.presence_claims",
            "presence_claims|please fix everything|metadata.presence_claims"})
    void aMalformedPresenceIsRefusedNamingTheFieldAndNothingIsStored(String key, String value, String field) {
        JsonNode error = assertRefusedAndNothingStored(presence(bob, "bob", "idle", m -> m.put(key, value)), 400,
                "INVALID_FORMAT");
        assertThat(error.get("details").get("field").asText()).isEqualTo(field);
    }

    @Test
    void aPresenceWithTooManyRolesOrNonTextRolesIsRefused() {
        String many = String.join(" ", java.util.stream.IntStream.range(0, 33).mapToObj(i -> "role" + i).toList());
        assertRefusedAndNothingStored(presence(bob, "bob", "idle", m -> m.put("presence_roles", many)), 400,
                "INVALID_FORMAT");
        assertRefusedAndNothingStored(presence(bob, "bob", "idle", m -> m.put("presence_roles", 7)), 400,
                "INVALID_FORMAT");
    }

    // --- the causal chain -----------------------------------------------------------------------

    @ParameterizedTest(name = "chain_hop = {0}")
    @ValueSource(strings = {"-1", "\"3\"", "true", "2.5", "1e400", "18446744073709551616", "{\"n\":1}"})
    void aHopCountThatIsNegativeOrNotAWholeNumberIsRefusedAndNothingIsStored(String raw) {
        ObjectNode reply = bob.message(swarm.swarmId(), "alice", "thanks!");
        String json = WireMessages.bytesAsText(reply).replaceFirst("\\}$", ",\"metadata\":{\"chain_origin\":\""
                + UUID.randomUUID() + "\",\"chain_hop\":" + raw + "}}");
        JsonNode error = assertRefusedAndNothingStored(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), 400,
                "INVALID_FORMAT");
        assertThat(error.get("details").get("field").asText()).startsWith("metadata.chain_hop");
    }

    @Test
    void anOriginThatIsNotAMessageIdIsRefused() {
        ObjectNode reply = bob.message(swarm.swarmId(), "alice", "thanks!");
        reply.putObject("metadata").put("chain_origin", "../../etc/passwd").put("chain_hop", 1);
        JsonNode error = assertRefusedAndNothingStored(WireMessages.bytes(reply), 400, "INVALID_FORMAT");
        assertThat(error.get("details").get("field").asText()).isEqualTo("metadata.chain_origin");
    }

    @Test
    void aReplyDeeperThanTheLimitIsStoredUnreadButHeldWithTheReasonNoted() {
        ObjectNode deep = bob.message(swarm.swarmId(), "alice", "thank you too!");
        String origin = UUID.randomUUID().toString();
        deep.putObject("metadata").put("chain_origin", origin).put("chain_hop", 6);

        assertThat(post(deep).status()).isEqualTo(200);

        DbDump dump = alice.dump();
        assertThat(dump.rows("inbox")).singleElement().satisfies(row -> {
            assertThat(row.get("status")).as("nothing lost: readable on request").isEqualTo("unread");
            assertThat(row.get("wake_note")).isEqualTo("held by the loop guard: reply chain 6 deep, more than"
                    + " guard_max_hops 5");
        });
        assertThat(dump.rows("guard_holds")).singleElement().satisfies(row -> {
            assertThat(row.get("reason")).isEqualTo("depth");
            assertThat(row.get("origin")).isEqualTo(origin);
            assertThat(row.get("hop")).isEqualTo(6);
        });
    }

    @Test
    void aSenderThatResetsTheHopCountOfAReplyToAliceIsCountedFromWhatAliceSent() {
        // bob's message starts a chain at hop 4 here; alice answers it (hop 5); bob answers that claiming hop 0
        ObjectNode four = bob.message(swarm.swarmId(), "alice", "four");
        four.putObject("metadata").put("chain_origin", UUID.randomUUID().toString()).put("chain_hop", 4);
        assertThat(post(four).status()).isEqualTo(200);
        String aliceReply = alice.node().messages().send(new SendRequest(null, "bob", "five", MessageType.MESSAGE, null,
                four.get("message_id").asText(), null, null, null)).messageId();
        ObjectNode reset = bob.message(swarm.swarmId(), "alice", "zero, honestly");
        reset.put("in_reply_to", aliceReply);
        reset.putObject("metadata").put("chain_origin", UUID.randomUUID().toString()).put("chain_hop", 0);

        assertThat(post(reset).status()).isEqualTo(200);

        assertThat(alice.dump().rows("guard_holds")).singleElement().satisfies(row -> {
            assertThat(row.get("message_id")).isEqualTo(reset.get("message_id").asText());
            assertThat(row.get("hop")).as("one deeper than alice's reply").isEqualTo(6);
            assertThat(row.get("origin")).as("the origin alice knows").isEqualTo(four.get("metadata")
                    .get("chain_origin").asText());
        });
    }

    @Test
    void aBurstOfRepliesInOneThreadIsHeldBeyondTheLimitWhateverOriginTheSenderClaims() {
        String origin = UUID.randomUUID().toString();
        for (int i = 1; i <= 5; i++) {
            FakePeer sender = i % 2 == 0 ? carol : bob;
            ObjectNode reply = sender.message(swarm.swarmId(), "alice", "+1 (" + i + ")");
            reply.putObject("metadata").put("chain_origin", origin).put("chain_hop", 1);
            assertThat(post(reply).status()).isEqualTo(200);
        }

        List<Map<String, Object>> holds = alice.dump().rows("guard_holds");
        assertThat(holds).singleElement().satisfies(row -> {
            assertThat(row.get("reason")).isEqualTo("thread_burst");
            assertThat((String) row.get("detail")).startsWith("5 replies in this thread within 600 s");
        });
        assertThat(alice.dump().count("inbox")).as("every reply is stored").isEqualTo(5);
    }

    @Test
    void aSenderInventingANewOriginForEveryReplyIsHeldByItsOwnBurstLimit() {
        for (int i = 1; i <= 7; i++) {
            ObjectNode reply = bob.message(swarm.swarmId(), "alice", "again " + i);
            reply.putObject("metadata").put("chain_origin", UUID.randomUUID().toString()).put("chain_hop", 0);
            assertThat(post(reply).status()).isEqualTo(200);
        }

        assertThat(alice.dump().rows("guard_holds")).singleElement()
                .satisfies(row -> assertThat(row.get("reason")).isEqualTo("sender_burst"));
    }

    // --- loop-guard notices ---------------------------------------------------------------------

    @Test
    void aNoticeAboutAMessageAliceSentToThatPeerIsRecordedAndAForgedOneIsNot() {
        String sent = alice.node().messages().send(SendRequest.text(null, "bob", "ping")).messageId();
        ObjectNode genuine = notice(bob, sent);
        ObjectNode aboutCarol = notice(carol, sent);
        ObjectNode unknown = notice(bob, UUID.randomUUID().toString());

        for (ObjectNode notice : List.of(genuine, aboutCarol, unknown)) {
            assertThat(post(notice).status()).isEqualTo(200);
        }

        assertThat(alice.dump().rows("guard_reports")).singleElement().satisfies(row -> {
            assertThat(row.get("agent_id")).isEqualTo("bob");
            assertThat(row.get("held_message_id")).isEqualTo(sent);
            assertThat(row.get("reason")).isEqualTo("depth");
        });
        assertThat(alice.dump().rows("guard_holds")).as("notices are never guarded").isEmpty();
        assertThat(alice.dump().rows("inbox")).as("each notice is stored, for swarm messages").hasSize(3)
                .allSatisfy(row -> assertThat(row.get("status")).isEqualTo("unread"));
    }

    // --- helpers --------------------------------------------------------------------------------

    private ObjectNode presence(FakePeer from, String about, String state, Consumer<ObjectNode> change) {
        ObjectNode envelope = WireMessages.signed(from.seed(), from.agentId(), from.endpoint(), swarm.swarmId(),
                "broadcast", "notification", "presence: " + about + " is " + state);
        ObjectNode metadata = envelope.putObject("metadata").put("presence", state).put("presence_agent", about)
                .put("presence_since", Timestamps.format(Instant.now()));
        change.accept(metadata);
        return envelope;
    }

    private ObjectNode notice(FakePeer from, String held) {
        ObjectNode envelope = WireMessages.signed(from.seed(), from.agentId(), from.endpoint(), swarm.swarmId(),
                "alice", "notification", "loop guard: held " + held);
        envelope.putObject("metadata").put("loop_guard_held", held).put("loop_guard_reason", "depth")
                .put("loop_guard_origin", UUID.randomUUID().toString()).put("loop_guard_hop", 9)
                .put("loop_guard_max_hops", 8);
        return envelope;
    }

    private RawClient.Answer post(ObjectNode envelope) {
        return client.post(alice.endpoint() + "/message", WireMessages.bytes(envelope));
    }

    private JsonNode assertRefusedAndNothingStored(ObjectNode envelope, int status, String code) {
        return assertRefusedAndNothingStored(WireMessages.bytes(envelope), status, code);
    }

    private JsonNode assertRefusedAndNothingStored(byte[] body, int status, String code) {
        DbDump before = alice.dump();
        JsonNode error = ProtocolErrors.assertError(client.post(alice.endpoint() + "/message", body), status, code);
        assertThat(alice.dump()).as("database after the refusal").isEqualTo(before);
        return error;
    }
}
