package dev.swarm.node.protocol;

import static dev.swarm.node.protocol.Documents.ENDPOINT;
import static dev.swarm.node.protocol.Documents.MESSAGE_ID;
import static dev.swarm.node.protocol.Documents.OTHER_ID;
import static dev.swarm.node.protocol.Documents.SWARM_ID;
import static dev.swarm.node.protocol.Documents.envelopeWith;
import static dev.swarm.node.protocol.Documents.joinRequest;
import static dev.swarm.node.protocol.Documents.joinRequestWith;
import static dev.swarm.node.protocol.Documents.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.invite.InviteClaims;
import dev.swarm.node.invite.InviteTokens;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.Envelopes.Draft;
import dev.swarm.node.server.ErrorResponses;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code schemas/} and the code in agreement, in both directions: (a) every wire document our
 * code produces matches its schema; (b) every bad document is refused by the schema and by the
 * parser, with INVALID_FORMAT naming the same field; (c) unusual but valid documents (older peers'
 * nulls, unknown fields, every optional shape) are accepted by both. Where the two differ on
 * purpose, a test below says so and pins the difference down.
 */
class SchemaAgreementTest {
    private static final String ENVELOPE = "envelope.schema.json";
    private static final String JOIN_REQUEST = "join-request.schema.json";
    private static final String JOIN_RESPONSE = "join-response.schema.json";
    private static final String ERROR = "error.schema.json";
    private static final String CLI_ERROR = "cli/error.schema.json";
    private static final EndpointPolicy STRICT = new EndpointPolicy(false);

    /** A clock with sub-millisecond digits, which the wire form must truncate. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-05T14:30:00.123987Z"), ZoneOffset.UTC);
    private static final Identity ALICE = new Identity("alice", ENDPOINT, Vectors.seed());
    private static final Envelopes ENVELOPES = new Envelopes(ALICE, CLOCK);

    // ---------------------------------------------------------------- (a) what our code produces

    static Stream<Arguments> drafts() {
        // (a null metadata value is its own test: EnvelopeCodecTest.metadataNullValueSurvivesTheRoundTrip)
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ticket", "OPS-7");
        metadata.put("attempt", 3L);
        metadata.put("offset", -12L);
        metadata.put("flaky", true);
        List<Reference> references = List.of(
                new Reference("github_repo", "octo/widgets", null, null, null, "mention"),
                new Reference("github_issue", "octo/widgets", 12L, null, null, "claimed"),
                new Reference("github_pr", "octo/widgets", 34L, null, null, "review_requested"),
                new Reference("github_commit", "octo/widgets", null, "9fceb02d0ae598e95dc970b74767f19372d61af8",
                        null, "completed"),
                new Reference("url", null, null, null, "https://ci.example.com/build/77", "blocked"));
        List<Attachment> attachments = List.of(new Attachment("url", "text/html", "https://ci.example.com/77"),
                new Attachment("inline", "text/plain", "BUILD OK"));
        String memberJoined = Json.toText(Map.of("action", "member_joined", "agent_id", "carol", "swarm_id",
                SWARM_ID, "endpoint", "https://carol.example.com/swarm", "joined_at", "2026-02-05T14:29:59.000Z"));
        return Stream.of(
                draft("direct message", Draft.message(SWARM_ID, "bob", "tests are green on main")),
                draft("broadcast", Draft.message(SWARM_ID, "broadcast", "deploying in 5 minutes")),
                draft("system member_joined", Draft.system(SWARM_ID, "broadcast", memberJoined)),
                draft("notification, high priority", full(MessageType.NOTIFICATION, Priority.HIGH, null, null,
                        null, null, null, null)),
                draft("low priority", full(MessageType.MESSAGE, Priority.LOW, null, null, null, null, null, null)),
                draft("normal priority (left off)", full(MessageType.MESSAGE, Priority.NORMAL, null, null, null,
                        null, null, null)),
                draft("reply in a thread", full(MessageType.MESSAGE, null, MESSAGE_ID, OTHER_ID, null, null, null,
                        null)),
                draft("expires_at", full(MessageType.MESSAGE, null, null, null, "2026-02-06T14:30:00.000Z", null,
                        null, null)),
                draft("every reference type", full(MessageType.MESSAGE, null, null, null, null, null, references,
                        null)),
                draft("metadata of every value type", full(MessageType.MESSAGE, null, null, null, null, null, null,
                        metadata)),
                draft("attachments", full(MessageType.MESSAGE, null, null, null, null, attachments, null, null)),
                draft("unicode content", Draft.message(SWARM_ID, "bob", "naïve café ✓ 𝄞 \"quoted\"\n\ttabbed")));
    }

    private static Draft full(MessageType type, Priority priority, String inReplyTo, String threadId,
                              String expiresAt, List<Attachment> attachments, List<Reference> references,
                              Map<String, Object> metadata) {
        return new Draft(SWARM_ID, "bob", type, "see attached", priority, inReplyTo, threadId, expiresAt, attachments,
                references, metadata);
    }

    private static Arguments draft(String name, Draft draft) {
        return Arguments.of(Named.of(name, draft));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drafts")
    void envelopesOurNodeSendsMatchTheSchemaAndParseBackUnchanged(Draft draft) {
        Envelope sent = ENVELOPES.build(draft);
        byte[] wire = EnvelopeCodec.toBytes(sent);

        Schemas.assertValid(ENVELOPE, new String(wire, UTF_8));
        assertThat(EnvelopeCodec.parse(wire, STRICT).envelope()).isEqualTo(sent);
    }

    @Test
    void envelopesOurNodeSendsCarryOnlyFieldsTheProtocolDefines() {
        // Receivers ignore unknown fields, so the schema must allow them; what WE send should still be
        // exactly the protocol's record, the same as the Python implementation sends.
        for (String recipient : List.of("bob", "broadcast")) {
            JsonNode wire = Json.readTree(new String(EnvelopeCodec.toBytes(
                    ENVELOPES.build(Draft.message(SWARM_ID, recipient, "hi"))), UTF_8));
            assertThat(fieldNames(wire)).as("fields of an envelope to %s", recipient)
                    .isSubsetOf(declaredFields(ENVELOPE));
        }
    }

    @Test
    void joinRequestOurNodeSendsMatchesTheSchemaAndParsesBack() {
        String token = InviteTokens.issue(new InviteClaims(SWARM_ID, "alice", ENDPOINT, 1_770_000_000L,
                "2026-02-06T14:30:00.000Z", 1, OTHER_ID), ALICE.jdkPrivateKey());
        JoinRequest.JoinSender bob = new JoinRequest.JoinSender("bob", "https://bob.example.com:8443/swarm",
                Ed25519.encode(Ed25519.privateKey(new byte[32]).generatePublicKey()));
        byte[] wire = Json.toBytes(JoinRequest.of(token, bob));

        Schemas.assertValid(JOIN_REQUEST, new String(wire, UTF_8));
        assertThat(JoinRequestCodec.parse(wire, STRICT)).isEqualTo(JoinRequest.of(token, bob));
    }

    @Test
    void joinResponsesOurMasterSendsMatchTheSchema() {
        List<MemberInfo> members = List.of(new MemberInfo("alice", ENDPOINT, ALICE.publicKeyBase64()),
                new MemberInfo("bob", "https://bob.example.com/swarm", Vectors.publicKeyBase64()));

        Schemas.assertValid(JOIN_RESPONSE, Json.toText(JoinResponse.accepted(SWARM_ID, "build-team", members)));
        Schemas.assertValid(JOIN_RESPONSE, Json.toText(JoinResponse.pending(SWARM_ID, "waiting for approval")));
        // and the two shapes are told apart, not merged: an acceptance must list the members
        Schemas.assertInvalid(JOIN_RESPONSE, Json.toText(new JoinResponse("accepted", SWARM_ID, "build-team", null,
                null)));
        Schemas.assertInvalid(JOIN_RESPONSE, Json.toText(new JoinResponse("pending", SWARM_ID, null, null, null)));
    }

    @Test
    void joinResponsesOurMasterSendsCarryOnlyFieldsTheProtocolDefines() {
        JoinResponse accepted = JoinResponse.accepted(SWARM_ID, "build-team",
                List.of(new MemberInfo("alice", ENDPOINT, ALICE.publicKeyBase64())));
        JoinResponse pending = JoinResponse.pending(SWARM_ID, "waiting for approval");
        for (JoinResponse response : List.of(accepted, pending)) {
            assertThat(fieldNames(Json.toTree(response))).as("fields of a %s join response", response.status())
                    .isSubsetOf(declaredFields(JOIN_RESPONSE));
        }
    }

    static Stream<ErrorCode> wireCodes() {
        return Arrays.stream(ErrorCode.values()).filter(ErrorCode::isWireCode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireCodes")
    void errorBodyOfEveryWireCodeMatchesTheSchema(ErrorCode code) {
        Map<String, Object> details = switch (code) {
            case INVALID_FORMAT -> Map.of("field", "sender.endpoint");
            case RATE_LIMITED, OVERLOADED -> Map.of("retry_after", 30);
            case INVALID_SIGNATURE -> null;
            default -> Map.of("swarm_id", SWARM_ID);
        };
        Schemas.assertValid(ERROR, Json.toText(ErrorBody.of(new SwarmException(code, "what went wrong", details))));
        Schemas.assertValid(CLI_ERROR, Json.toText(ErrorBody.of(new SwarmException(code, "what went wrong",
                details))));
    }

    @Test
    void errorSchemaListsExactlyTheWireCodesAndTheCliSchemaAddsExactlyTheLocalOnes() {
        Set<String> wire = new TreeSet<>(wireCodes().map(Enum::name).toList());
        Set<String> local = new TreeSet<>(Arrays.stream(ErrorCode.values()).filter(c -> !c.isWireCode())
                .map(Enum::name).toList());

        assertThat(enumAt(ERROR, "/properties/error/properties/code/enum")).isEqualTo(wire);
        assertThat(enumAt(CLI_ERROR, "/properties/error/properties/code/anyOf/1/enum")).isEqualTo(local);
    }

    @Test
    void localCodesNeverMatchTheWireSchemaButMatchTheCliOne() {
        Arrays.stream(ErrorCode.values()).filter(c -> !c.isWireCode()).forEach(code -> {
            String body = Json.toText(ErrorBody.of(new SwarmException(code, "local trouble")));
            Schemas.assertInvalid(ERROR, body);
            Schemas.assertValid(CLI_ERROR, body);
        });
    }

    @Test
    void rateLimitedErrorTheServerRendersCarriesRetryAfter() {
        // PROTOCOL.md section 6: RATE_LIMITED comes with Retry-After and details.retry_after in seconds.
        SwarmException limited = ErrorResponses.fromStatus(429, "Too Many Requests");

        assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        Schemas.assertValid(ERROR, Json.toText(ErrorBody.of(limited)));
    }

    @Test
    void errorBodiesTheServerRendersForHttpStatusesMatchTheSchema() {
        for (int status : new int[] {400, 404, 405, 413, 500}) {
            Schemas.assertValid(ERROR, Json.toText(ErrorBody.of(ErrorResponses.fromStatus(status, "x"))));
        }
    }

    @Test
    void inviteClaimsOfTheVectorAndOfTokensWeIssueMatchTheSchema() {
        Schemas.assertValid("invite-claims.schema.json", Vectors.inviteJwt().get("claims").toString());
        Schemas.assertValid("invite-claims.schema.json", payload(Vectors.inviteJwt().get("token").asText()));

        InviteClaims ours = new InviteClaims(SWARM_ID, "alice", ENDPOINT, 1_770_000_000L, "2026-02-06T14:30:00.000Z",
                5, OTHER_ID);
        InviteClaims unlimited = new InviteClaims(SWARM_ID, "alice", ENDPOINT, 1_770_000_000L, null, null, OTHER_ID);
        for (InviteClaims claims : List.of(ours, unlimited)) {
            String payload = payload(InviteTokens.issue(claims, ALICE.jdkPrivateKey()));
            Schemas.assertValid("invite-claims.schema.json", payload);
            assertThat(Json.readTree(payload).get("jti").asText()).isEqualTo(OTHER_ID);
        }
    }

    // ---------------------------------------------------------------- (b) bad documents

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.swarm.node.protocol.WireCorpus#badDocuments")
    void badDocumentIsRejectedByBothSchemaAndCodecNamingTheSameField(WireCorpus.Case bad) {
        List<String> schemaErrors = Schemas.errors(bad.kind().schema, bad.json());
        assertThat(schemaErrors).as("schema errors").isNotEmpty()
                .anySatisfy(error -> assertThat(blames(error, bad.field())).as(error).isTrue());

        assertThatThrownBy(() -> bad.kind().parse(bad.json().getBytes(UTF_8), STRICT))
                .isInstanceOfSatisfying(SwarmException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FORMAT);
                    assertThat(e.details()).containsEntry("field", bad.field());
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.swarm.node.protocol.WireCorpus#malformedBodies")
    void bodyThatIsNotOneJsonObjectIsRejectedByBothSchemaAndCodec(WireCorpus.Case bad) {
        Throwable unreadable = catchThrowable(() -> assertThat(Schemas.errors(bad.kind().schema, bad.json()))
                .as("schema errors").isNotEmpty());
        if (unreadable != null) {
            // the validator cannot read it as JSON at all, which is a refusal too
            assertThat(unreadable).isInstanceOf(tools.jackson.core.JacksonException.class);
        }

        assertThatThrownBy(() -> bad.kind().parse(bad.json().getBytes(UTF_8), STRICT))
                .isInstanceOfSatisfying(SwarmException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FORMAT);
                    assertThat(e.details()).containsEntry("field", "$");
                });
    }

    // ---------------------------------------------------------------- (c) good but unusual documents

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.swarm.node.protocol.WireCorpus#goodEnvelopes")
    void unusualButValidEnvelopeIsAcceptedByBothSchemaAndCodec(WireCorpus.Good good) {
        Schemas.assertValid(ENVELOPE, good.json());

        EnvelopeCodec.Parsed parsed = EnvelopeCodec.parse(good.json().getBytes(UTF_8), STRICT);
        assertThat(parsed.envelope().messageId()).isEqualTo(MESSAGE_ID);
        good.expect().accept(parsed.envelope());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.swarm.node.protocol.WireCorpus#goodJoinRequests")
    void unusualButValidJoinRequestIsAcceptedByBothSchemaAndCodec(String json) {
        Schemas.assertValid(JOIN_REQUEST, json);

        JoinRequest parsed = JoinRequestCodec.parse(json.getBytes(UTF_8), STRICT);
        assertThat(parsed.sender().publicKey()).isEqualTo(Vectors.publicKeyBase64());
        assertThat(parsed.inviteToken()).isEqualTo(joinRequest().get("invite_token").asText());
    }

    // ---------------------------------------------------------------- deliberate differences

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.swarm.node.protocol.WireCorpus#stricterInCodeThanInSchema")
    void rulesTheSchemaCannotExpressAreEnforcedByTheCodeAlone(WireCorpus.Case doc) {
        Schemas.assertValid(doc.kind().schema, doc.json());

        assertThatThrownBy(() -> doc.kind().parse(doc.json().getBytes(UTF_8), STRICT))
                .isInstanceOfSatisfying(SwarmException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FORMAT);
                    assertThat(e.details()).containsEntry("field", doc.field());
                });
    }

    @Test
    void httpEndpointOnLoopbackIsALocalPolicyOutsideTheSchema() {
        // The wire contract is https:// (older peers reject anything else). A node started with
        // --allow-insecure-loopback also accepts http:// on a loopback host, for local tests and a TLS
        // proxy on the same host; the schema deliberately does not.
        String envelope = envelopeWith(text("sender.endpoint", "http://127.0.0.1:9443/swarm"));
        String join = joinRequestWith(text("sender.endpoint", "http://[::1]:9443/swarm"));
        EndpointPolicy loopbackAllowed = new EndpointPolicy(true);

        Schemas.assertInvalid(ENVELOPE, envelope);
        Schemas.assertInvalid(JOIN_REQUEST, join);
        assertThat(EnvelopeCodec.parse(envelope.getBytes(UTF_8), loopbackAllowed).envelope().sender().endpoint())
                .isEqualTo("http://127.0.0.1:9443/swarm");
        assertThat(JoinRequestCodec.parse(join.getBytes(UTF_8), loopbackAllowed).sender().endpoint())
                .isEqualTo("http://[::1]:9443/swarm");
        String publicHost = envelopeWith(text("sender.endpoint", "http://alice.example.com/swarm"));
        assertThatThrownBy(() -> EnvelopeCodec.parse(publicHost.getBytes(UTF_8), loopbackAllowed))
                .isInstanceOfSatisfying(SwarmException.class,
                        e -> assertThat(e.details()).containsEntry("field", "sender.endpoint"));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * True when a validator message points at {@code field} (our dotted path, e.g. references[0].number):
     * either at its JSON pointer, or at its parent for a missing property.
     */
    private static boolean blames(String error, String field) {
        String pointer = field.equals("$") ? "" : "/" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        String parent = pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
        String leaf = pointer.substring(pointer.lastIndexOf('/') + 1);
        return error.startsWith(pointer + ":") || error.startsWith(parent + ":") && error.contains("'" + leaf + "'");
    }

    private static String payload(String jwt) {
        String[] parts = jwt.split("\\.");
        return new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8);
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The top-level properties a schema declares (of every branch, for a oneOf). */
    private static Set<String> declaredFields(String schemaFile) {
        JsonNode schema = schemaFile(schemaFile);
        Set<String> names = new TreeSet<>();
        List<JsonNode> branches = new java.util.ArrayList<>(List.of(schema));
        schema.path("oneOf").forEach(branches::add);
        branches.forEach(branch -> branch.path("properties").fieldNames().forEachRemaining(names::add));
        return names;
    }

    private static Set<String> enumAt(String schemaFile, String pointer) {
        Set<String> values = new TreeSet<>();
        schemaFile(schemaFile).at(pointer).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode schemaFile(String name) {
        try {
            return Json.readTree(Files.readString(Schemas.dir().resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
