package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.membership.SystemMessage;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /swarm/message} over real HTTP/2 and TLS: what is stored, and one test per class of bad
 * input, each proving the refusal (status, code, error shape) and that no row changed anywhere.
 */
class MessageEndpointTest {
    private static final int DEFAULT_BODY_LIMIT = 1_048_576;

    @TempDir
    Path dir;

    private TestNode alice;
    private RawClient client;
    private Swarm swarm;
    private final FakePeer bob = FakePeer.named("bob");
    private final FakePeer carol = FakePeer.named("carol");

    @BeforeEach
    void setUp() {
        alice = TestNode.start(dir, "alice");
        client = new RawClient();
        swarm = swarmWith(alice, bob, carol);
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    // --- accepted -------------------------------------------------------------------------------

    @Test
    void memberMessageIsStoredAndAnsweredQueuedOverHttp2() {
        ObjectNode envelope = fromBob("tests are green on main");
        RawClient.Answer answer = post(envelope);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.protocol()).isEqualTo(Protocol.HTTP_2);
        assertThat(answer.json().get("status").asText()).isEqualTo("queued");
        assertThat(answer.json().get("message_id").asText()).isEqualTo(envelope.get("message_id").asText());
        DbDump dump = alice.dump();
        assertThat(dump.rows("inbox")).singleElement().satisfies(row -> {
            assertThat(row.get("content")).isEqualTo("tests are green on main");
            assertThat(row.get("sender_id")).isEqualTo("bob");
            assertThat(row.get("status")).isEqualTo("unread");
        });
    }

    @Test
    void messageAddressedToThisAgentByNameIsStored() {
        RawClient.Answer answer = post(bob.message(swarm.swarmId(), "alice", "just for you"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(inboxContents(alice)).containsExactly("just for you");
    }

    @Test
    void replayedMessageIsAnswered200AndStoredOnce() {
        byte[] body = WireMessages.bytes(fromBob("once"));
        assertThat(client.post(url(alice), body).status()).isEqualTo(200);
        DbDump afterFirst = alice.dump();
        RawClient.Answer replay = client.post(url(alice), body);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("status").asText()).isEqualTo("queued");
        assertThat(alice.dump()).isEqualTo(afterFirst);
        assertThat(afterFirst.count("inbox")).isEqualTo(1);
    }

    @Test
    void messageIdReusedBySameSenderWithOtherContentIsAnswered200AndTheFirstIsKept() {
        ObjectNode first = fromBob("the original");
        assertThat(post(first).status()).isEqualTo(200);
        DbDump afterFirst = alice.dump();
        ObjectNode retry = fromBob("a retry that changed its mind");
        retry.put("message_id", first.get("message_id").asText());
        bob.resign(retry);

        RawClient.Answer answer = post(retry);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(alice.dump()).isEqualTo(afterFirst);
        assertThat(inboxContents(alice)).containsExactly("the original");
    }

    @Test
    void multiByteContentWithinTheCharacterLimitIsAcceptedThoughItIsLongerInBytes() {
        int limit = ReceiveLimits.DEFAULTS.maxContentChars();
        // 3-byte and 4-byte characters (the latter two UTF-16 units each): over the limit in bytes and
        // in UTF-16 units, exactly at it in characters, which is how older (Python) peers count.
        String content = "€".repeat(limit / 2) + "😀".repeat(limit / 2);
        assertThat(content.codePointCount(0, content.length())).isEqualTo(limit);
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(3 * limit);

        RawClient.Answer answer = post(fromBob(content));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(inboxContents(alice)).containsExactly(content);
    }

    // --- the body does not parse or does not have the envelope's shape ---------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{\"protocol_version\":\"0.1.0\",", "not json at all", "{\"content\":\"x\"} trailing",
            "{\"content\":'single quotes'}"})
    void malformedJsonIsRefusedAsInvalidFormatAndNothingIsStored(String body) {
        assertRefusedAndNothingStored(body.getBytes(StandardCharsets.UTF_8), 400, "INVALID_FORMAT");
    }

    @Test
    void emptyBodyIsRefusedAsInvalidFormatAndNothingIsStored() {
        assertRefusedAndNothingStored(new byte[0], 400, "INVALID_FORMAT");
    }

    @Test
    void jsonArrayHoldingAValidEnvelopeIsRefusedAsInvalidFormatAndNothingIsStored() {
        byte[] array = Json.toBytes(Json.mapper().createArrayNode().add(fromBob("wrapped in an array")));
        assertRefusedAndNothingStored(array, 400, "INVALID_FORMAT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"a string\"", "42", "true"})
    void jsonDocumentThatIsNotAnObjectIsRefusedAsInvalidFormatAndNothingIsStored(String body) {
        assertRefusedAndNothingStored(body.getBytes(StandardCharsets.UTF_8), 400, "INVALID_FORMAT");
    }

    static Stream<String> requiredFields() {
        return Stream.of("protocol_version", "message_id", "timestamp", "sender", "sender.agent_id",
                "sender.endpoint", "recipient", "swarm_id", "type", "content", "signature");
    }

    @ParameterizedTest
    @MethodSource("requiredFields")
    void envelopeMissingARequiredFieldIsRefusedAndNothingIsStored(String field) {
        ObjectNode envelope = fromBob("something is missing");
        parentOf(envelope, field).remove(leafOf(field));

        JsonNode error = assertRefusedAndNothingStored(envelope, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo(field);
    }

    @ParameterizedTest
    @MethodSource("requiredFields")
    void requiredFieldSentAsNullIsRefusedAndNothingIsStored(String field) {
        ObjectNode envelope = fromBob("something is null");
        parentOf(envelope, field).set(leafOf(field), NullNode.getInstance());

        JsonNode error = assertRefusedAndNothingStored(envelope, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo(field);
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("content", IntNode.valueOf(42)),
                Arguments.of("content", Json.readTree("{\"text\":\"an object\"}")),
                Arguments.of("content", Json.readTree("true")),
                Arguments.of("sender", Json.readTree("\"bob\"")),
                Arguments.of("message_id", IntNode.valueOf(12345)),
                Arguments.of("timestamp", IntNode.valueOf(1_767_225_600)),
                Arguments.of("timestamp", Json.readTree("\"2026-01-01T00:00:00Z\"")),
                Arguments.of("recipient", Json.readTree("[\"alice\"]")),
                Arguments.of("type", Json.readTree("\"letter\"")),
                Arguments.of("signature", Json.readTree("\"not-a-signature\"")),
                Arguments.of("protocol_version", Json.readTree("\"0.1\"")),
                Arguments.of("sender.agent_id", Json.readTree("\"bob smith\"")),
                Arguments.of("priority", Json.readTree("\"urgent\"")),
                Arguments.of("metadata", Json.readTree("[\"not\", \"an\", \"object\"]")),
                Arguments.of("metadata.ratio", Json.readTree("1.5")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("wrongTypes")
    void fieldWithTheWrongTypeOrShapeIsRefusedAndNothingIsStored(String field, JsonNode value) {
        ObjectNode envelope = fromBob("one field is wrong");
        parentOf(envelope, field).set(leafOf(field), value);
        if (!field.equals("signature")) {
            bob.resign(envelope); // a valid signature over the odd value: the shape is all that is wrong
        }

        JsonNode error = assertRefusedAndNothingStored(envelope, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo(field);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"message_id, not-a-uuid", "message_id, uppercase", "message_id, no-hyphens", "message_id, braced",
            "swarm_id, not-a-uuid", "swarm_id, uppercase", "swarm_id, no-hyphens", "swarm_id, braced"})
    void malformedUuidIsRefusedAndNothingIsStored(String field, String variant) {
        ObjectNode envelope = fromBob("my ids are odd");
        String uuid = envelope.get(field).asText();
        String bad = switch (variant) {
            case "uppercase" -> uuid.toUpperCase(Locale.ROOT);
            case "no-hyphens" -> uuid.replace("-", "");
            case "braced" -> "{" + uuid + "}";
            default -> variant;
        };
        envelope.put(field, bad);
        bob.resign(envelope);

        JsonNode error = assertRefusedAndNothingStored(envelope, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://bob.example/swarm", "http://127.0.0.1:8443/swarm", "ftp://bob.example/swarm",
            "bob.example/swarm", ""})
    void senderEndpointThatIsNotHttpsIsRefusedAndNothingIsStored(String endpoint) {
        ObjectNode envelope = fromBob("reach me in the clear");
        ((ObjectNode) envelope.get("sender")).put("endpoint", endpoint);

        JsonNode error = assertRefusedAndNothingStored(envelope, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo("sender.endpoint");
    }

    // --- too large -------------------------------------------------------------------------------

    @Test
    void bodyOverAConfiguredLimitIsRefusedWhileOneExactlyAtTheLimitIsAccepted() {
        ReceiveLimits small = new ReceiveLimits(4096, ReceiveLimits.DEFAULTS.maxContentChars(), Duration.ofMinutes(5));
        try (TestNode dora = TestNode.start(dir, "dora", small)) {
            String swarmId = swarmWith(dora, bob).swarmId();
            byte[] atLimit = paddedTo(bob.message(swarmId, "broadcast", "fits exactly"), 4096);
            byte[] overLimit = paddedTo(bob.message(swarmId, "broadcast", "one byte too many"), 4097);

            assertThat(client.post(url(dora), atLimit).status()).isEqualTo(200);
            assertRefusedAndNothingStored(dora, overLimit, 413, "PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void bodyOverALimitIsRefusedEvenWithoutAContentLength() {
        ReceiveLimits small = new ReceiveLimits(4096, ReceiveLimits.DEFAULTS.maxContentChars(), Duration.ofMinutes(5));
        try (TestNode dora = TestNode.start(dir, "dora", small)) {
            String swarmId = swarmWith(dora, bob).swarmId();
            byte[] overLimit = paddedTo(bob.message(swarmId, "broadcast", "streamed, length unknown"), 8192);
            DbDump before = dora.dump();

            RawClient.Answer answer = client.call(new Request.Builder().url(url(dora))
                    .header("X-Swarm-Protocol", "0.1.0").post(streamed(overLimit)).build());

            ProtocolErrors.assertError(answer, 413, "PAYLOAD_TOO_LARGE");
            assertThat(dora.dump()).isEqualTo(before);
        }
    }

    @Test
    void bodyOverTheDefaultOneMebibyteLimitIsRefusedAndNothingIsStored() {
        byte[] overLimit = paddedTo(fromBob("small content, huge padding"), DEFAULT_BODY_LIMIT + 1);
        assertRefusedAndNothingStored(overLimit, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void contentOverTheCharacterLimitIsRefusedAndNothingIsStored() {
        String content = "x".repeat(ReceiveLimits.DEFAULTS.maxContentChars() + 1);
        assertRefusedAndNothingStored(fromBob(content), 413, "PAYLOAD_TOO_LARGE");
    }

    // --- who may send what -----------------------------------------------------------------------

    @Test
    void messageForASwarmThisNodeIsNotInIsRefusedAndNothingIsStored() {
        ObjectNode envelope = bob.message(UUID.randomUUID().toString(), "broadcast", "wrong swarm");
        assertRefusedAndNothingStored(envelope, 404, "SWARM_NOT_FOUND");
    }

    @Test
    void messageFromAnAgentThatIsNotAMemberIsRefusedAndNothingIsStored() {
        ObjectNode envelope = FakePeer.named("eve").message(swarm.swarmId(), "broadcast", "let me in");
        assertRefusedAndNothingStored(envelope, 403, "NOT_MEMBER");
    }

    @Test
    void messageSignedWithAnotherKeyIsInvalidSignatureAndNothingIsStored() {
        ObjectNode forged = bob.withNewKey().message(swarm.swarmId(), "broadcast", "forged");
        assertRefusedAndNothingStored(forged, 401, "INVALID_SIGNATURE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"content", "message_id", "timestamp", "recipient", "type"})
    void signedFieldChangedAfterSigningIsInvalidSignatureAndNothingIsStored(String field) {
        ObjectNode envelope = fromBob("tests are green");
        switch (field) {
            case "content" -> envelope.put("content", "tests are red");
            case "message_id" -> envelope.put("message_id", UUID.randomUUID().toString());
            case "timestamp" -> envelope.put("timestamp",
                    Timestamps.format(Timestamps.parse(envelope.get("timestamp").asText()).minusMillis(1)));
            case "recipient" -> envelope.put("recipient", "alice");
            case "type" -> envelope.put("type", "notification");
            default -> throw new IllegalArgumentException(field);
        }
        assertRefusedAndNothingStored(envelope, 401, "INVALID_SIGNATURE");
    }

    @Test
    void staleTimestampIsRefusedAndNothingIsStored() {
        ObjectNode envelope = fromBob("from the past");
        envelope.put("timestamp", Timestamps.format(Instant.now().minus(Duration.ofMinutes(6))));
        bob.resign(envelope);

        JsonNode error = assertRefusedAndNothingStored(envelope, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo("timestamp");
    }

    @Test
    void futureTimestampIsRefusedAndNothingIsStored() {
        ObjectNode envelope = fromBob("from the future");
        envelope.put("timestamp", Timestamps.format(Instant.now().plus(Duration.ofMinutes(6))));
        bob.resign(envelope);

        JsonNode error = assertRefusedAndNothingStored(envelope, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo("timestamp");
    }

    @Test
    void expiredMessageIsRefusedAndNothingIsStored() {
        ObjectNode envelope = fromBob("too late");
        envelope.put("expires_at", Timestamps.format(Instant.now().minusSeconds(1)));

        JsonNode error = assertRefusedAndNothingStored(envelope, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo("expires_at");
    }

    @Test
    void messageAddressedToAnotherAgentIsRefusedAndNothingIsStored() {
        ObjectNode envelope = bob.message(swarm.swarmId(), "carol", "for carol's eyes only");
        assertRefusedAndNothingStored(envelope, 404, "MEMBER_NOT_FOUND");
    }

    @Test
    void messageIdReusedByAnotherMemberIsStoredUnderItsOwnSenderAndTheFirstIsUnchanged() {
        ObjectNode first = fromBob("the first message");
        assertThat(post(first).status()).isEqualTo(200);
        ObjectNode reused = carol.message(swarm.swarmId(), "broadcast", "the same id, another sender");
        reused.put("message_id", first.get("message_id").asText());
        carol.resign(reused);

        RawClient.Answer answer = post(reused);

        // ids are scoped by swarm and sender: carol's copy neither replaces nor blocks bob's
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(alice.dump().rows("inbox")).extracting(row -> row.get("sender_id") + ": " + row.get("content"))
                .containsExactlyInAnyOrder("bob: the first message", "carol: the same id, another sender");
    }

    // --- membership changes ----------------------------------------------------------------------

    @Test
    void systemMessageWhoseContentIsNotAJsonObjectIsRefusedAndNothingIsStored() {
        ObjectNode envelope = WireMessages.signed(bob.seed(), "bob", bob.endpoint(), swarm.swarmId(), "broadcast",
                "system", "member_left bob");
        assertRefusedAndNothingStored(envelope, 400, "INVALID_FORMAT");
    }

    @Test
    void memberJoinedFromAMemberWhoIsNotTheMasterIsRefusedAndChangesNoMemberList() {
        FakePeer mallory = FakePeer.named("mallory");
        Map<String, String> membersBefore = memberKeys(swarm.swarmId());

        assertRefusedAndNothingStored(bob.system(swarm.swarmId(), memberJoined(swarm.swarmId(), mallory)), 403,
                "NOT_MASTER");

        assertThat(memberKeys(swarm.swarmId())).isEqualTo(membersBefore).doesNotContainKey("mallory");
    }

    @Test
    void memberLeftNamingAnotherAgentIsRefusedAndChangesNoMemberList() {
        ObjectNode carolLeft = SystemMessage.body(SystemMessage.MEMBER_LEFT, "carol");

        assertRefusedAndNothingStored(bob.system(swarm.swarmId(), carolLeft), 403, "NOT_AUTHORIZED");

        assertThat(memberKeys(swarm.swarmId())).containsEntry("carol", carol.publicKey());
    }

    @Test
    void memberJoinedFromTheMasterAddsTheMemberWithItsKey() {
        FakePeer maria = FakePeer.named("maria");
        FakePeer dave = FakePeer.named("dave");
        Swarm theirs = swarmMasteredBy(maria);

        RawClient.Answer answer = post(maria.system(theirs.swarmId(), memberJoined(theirs.swarmId(), dave)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(memberKeys(theirs.swarmId())).containsEntry("dave", dave.publicKey());
        Optional<Member> stored = alice.node().database()
                .read(store -> store.members().find(theirs.swarmId(), "dave"));
        assertThat(stored).hasValueSatisfying(member -> assertThat(member.endpoint()).isEqualTo(dave.endpoint()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/swarm", "https://[fd00:ec2::254]/swarm", "https://[ff02::1]/swarm"})
    void memberJoinedFromTheMasterWithAnEndpointThisNodeNeverCallsIsRefusedAndAddsNoMember(String endpoint) {
        FakePeer maria = FakePeer.named("maria");
        FakePeer dave = FakePeer.named("dave");
        Swarm theirs = swarmMasteredBy(maria);
        DbDump before = alice.dump();

        RawClient.Answer answer = post(maria.system(theirs.swarmId(),
                memberJoined(theirs.swarmId(), dave).put("endpoint", endpoint)));

        JsonNode error = ProtocolErrors.assertError(answer, 400, "INVALID_FORMAT");
        assertThat(error.path("details").path("field").asText()).isEqualTo("content.endpoint");
        assertThat(alice.dump()).isEqualTo(before);
    }

    @Test
    void memberAnnouncedAgainWithANewKeyAfterLeavingIsHeardWithTheNewKey() {
        FakePeer maria = FakePeer.named("maria");
        FakePeer dave = FakePeer.named("dave");
        Swarm theirs = swarmMasteredBy(maria, dave);
        assertThat(post(dave.message(theirs.swarmId(), "broadcast", "hello")).status()).isEqualTo(200);
        assertThat(post(dave.system(theirs.swarmId(), SystemMessage.body(SystemMessage.MEMBER_LEFT, "dave"))).status())
                .isEqualTo(200);
        FakePeer newDave = dave.withNewKey();
        assertThat(post(maria.system(theirs.swarmId(), memberJoined(theirs.swarmId(), newDave))).status())
                .isEqualTo(200);
        assertThat(memberKeys(theirs.swarmId())).containsEntry("dave", newDave.publicKey());

        RawClient.Answer answer = post(newDave.message(theirs.swarmId(), "broadcast", "back with a new key"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(inboxContents(alice)).contains("back with a new key");
    }

    @Test
    void messageInASwarmItsMasterDissolvedIsRefusedAndNothingIsStored() {
        FakePeer maria = FakePeer.named("maria");
        Swarm theirs = swarmMasteredBy(maria, bob);
        ObjectNode dissolved = SystemMessage.body(SystemMessage.SWARM_DISSOLVED, "maria")
                .put("swarm_id", theirs.swarmId());
        assertThat(post(maria.system(theirs.swarmId(), dissolved)).status()).isEqualTo(200);
        Optional<Swarm> stored = alice.node().database().read(store -> store.swarms().find(theirs.swarmId()));
        assertThat(stored).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo("dissolved"));

        assertRefusedAndNothingStored(bob.message(theirs.swarmId(), "broadcast", "anyone still here?"), 404,
                "SWARM_NOT_FOUND");
    }

    @Test
    void aSwarmMadeActiveAgainByAnotherProcessTakesMessagesWithoutARestart() {
        FakePeer maria = FakePeer.named("maria");
        Swarm theirs = swarmMasteredBy(maria, bob);
        setState(theirs, "left");
        assertRefusedAndNothingStored(bob.message(theirs.swarmId(), "broadcast", "are you there?"), 404,
                "SWARM_NOT_FOUND");

        // what swarm join does when it joins the swarm again, from the command line beside this daemon
        setState(theirs, "active");
        RawClient.Answer answer = post(bob.message(theirs.swarmId(), "broadcast", "welcome back"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(inboxContents(alice)).containsExactly("welcome back");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void setState(Swarm swarm, String state) {
        alice.node().database().write(store -> {
            store.swarms().setState(swarm.swarmId(), state, Timestamps.format(Instant.now()));
            return null;
        });
    }

    private static String url(TestNode node) {
        return node.endpoint() + "/message";
    }

    private RawClient.Answer post(ObjectNode envelope) {
        return client.post(url(alice), WireMessages.bytes(envelope));
    }

    private ObjectNode fromBob(String content) {
        return bob.message(swarm.swarmId(), "broadcast", content);
    }

    private JsonNode assertRefusedAndNothingStored(ObjectNode envelope, int status, String code) {
        return assertRefusedAndNothingStored(alice, WireMessages.bytes(envelope), status, code);
    }

    private JsonNode assertRefusedAndNothingStored(byte[] body, int status, String code) {
        return assertRefusedAndNothingStored(alice, body, status, code);
    }

    /** Posts the body and checks the refusal (status, code, error shape) and that no row changed anywhere. */
    private JsonNode assertRefusedAndNothingStored(TestNode node, byte[] body, int status, String code) {
        DbDump before = node.dump();
        JsonNode error = ProtocolErrors.assertError(client.post(url(node), body), status, code);
        assertThat(node.dump()).as("database after the refusal").isEqualTo(before);
        return error;
    }

    /** A swarm the node masters, with the peers as members. */
    private static Swarm swarmWith(TestNode node, FakePeer... peers) {
        Swarm created = node.node().swarms().create("build-team", false);
        node.node().database().write(store -> {
            for (FakePeer peer : peers) {
                store.members().upsert(peer.memberOf(created.swarmId()));
            }
            return null;
        });
        return created;
    }

    /** A swarm alice belongs to as an ordinary member; its master (and the peers) exist only as keys. */
    private Swarm swarmMasteredBy(FakePeer master, FakePeer... peers) {
        String now = Timestamps.format(Instant.now());
        Swarm theirs = new Swarm(UUID.randomUUID().toString(), "their-team", master.agentId(), Swarm.ACTIVE, false,
                now, now);
        alice.node().database().write(store -> {
            store.swarms().insert(theirs);
            store.members().upsert(master.memberOf(theirs.swarmId()));
            store.members().upsert(new Member(theirs.swarmId(), alice.agentId(), alice.endpoint(),
                    alice.identity().publicKeyBase64(), List.of(), now));
            for (FakePeer peer : peers) {
                store.members().upsert(peer.memberOf(theirs.swarmId()));
            }
            return null;
        });
        return theirs;
    }

    private static ObjectNode memberJoined(String swarmId, FakePeer joiner) {
        return SystemMessage.body(SystemMessage.MEMBER_JOINED, joiner.agentId())
                .put("swarm_id", swarmId)
                .put("endpoint", joiner.endpoint())
                .put("joined_at", Timestamps.format(Instant.now()))
                .put("public_key", joiner.publicKey());
    }

    /** agent_id to public key, as alice's database holds them for the swarm. */
    private Map<String, String> memberKeys(String swarmId) {
        Map<String, String> keys = new LinkedHashMap<>();
        alice.node().database().read(store -> store.members().list(swarmId))
                .forEach(member -> keys.put(member.agentId(), member.publicKey()));
        return keys;
    }

    private static List<Object> inboxContents(TestNode node) {
        return node.dump().rows("inbox").stream().map(row -> row.get("content")).toList();
    }

    /** The object holding the field at {@code path} ("content", "sender.endpoint"), created if absent. */
    private static ObjectNode parentOf(ObjectNode envelope, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return envelope;
        }
        String name = path.substring(0, dot);
        return envelope.get(name) instanceof ObjectNode parent ? parent : envelope.putObject(name);
    }

    private static String leafOf(String path) {
        return path.substring(path.indexOf('.') + 1);
    }

    /**
     * The envelope with an unknown top-level field (which receivers ignore) padded so that the body is
     * exactly {@code size} bytes: the size is then the only thing wrong with it.
     */
    private static byte[] paddedTo(ObjectNode envelope, int size) {
        envelope.put("x_padding", "");
        int unpadded = WireMessages.bytes(envelope).length;
        envelope.put("x_padding", "p".repeat(size - unpadded));
        byte[] body = WireMessages.bytes(envelope);
        assertThat(body).hasSize(size);
        return body;
    }

    /** A request body sent without a Content-Length, as a streaming peer would. */
    private static RequestBody streamed(byte[] bytes) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/json");
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(bytes);
            }
        };
    }
}
