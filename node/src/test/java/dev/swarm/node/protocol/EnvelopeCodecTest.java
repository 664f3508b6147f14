package dev.swarm.node.protocol;

import static dev.swarm.node.protocol.Documents.ENDPOINT;
import static dev.swarm.node.protocol.Documents.MESSAGE_ID;
import static dev.swarm.node.protocol.Documents.OTHER_ID;
import static dev.swarm.node.protocol.Documents.SIGNATURE;
import static dev.swarm.node.protocol.Documents.SWARM_ID;
import static dev.swarm.node.protocol.Documents.envelopeWith;
import static dev.swarm.node.protocol.Documents.remove;
import static dev.swarm.node.protocol.Documents.set;
import static dev.swarm.node.protocol.Documents.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.support.Vectors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

/** The envelope parser's refusals (what a peer reads in the error), null handling and round trip. */
class EnvelopeCodecTest {
    private static final EndpointPolicy STRICT = new EndpointPolicy(false);
    private static final List<String> OPTIONAL = List.of("in_reply_to", "thread_id", "priority", "expires_at",
            "attachments", "references", "metadata", "envelope_signature");

    private static EnvelopeCodec.Parsed parse(String json) {
        return EnvelopeCodec.parse(json.getBytes(UTF_8), STRICT);
    }

    private static ThrowableAssertAlternative<SwarmException> refusal(String json) {
        return assertThatExceptionOfType(SwarmException.class)
                .isThrownBy(() -> parse(json))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FORMAT));
    }

    private static void refusedNaming(Consumer<ObjectNode> edit, String field, String message) {
        refusal(envelopeWith(edit)).withMessage(message)
                .satisfies(e -> assertThat(e.details()).isEqualTo(Map.of("field", field)));
    }

    private static Envelope fullEnvelope(Map<String, Object> metadata) {
        return new Envelope("0.1.0", MESSAGE_ID, "2026-02-05T14:30:00.123Z", new Sender("alice", ENDPOINT), "bob",
                SWARM_ID, MessageType.NOTIFICATION, "build 77 is green", SIGNATURE, OTHER_ID, OTHER_ID, Priority.HIGH,
                "2026-02-06T14:30:00.000Z", List.of(new Attachment("url", "text/html", "https://ci.example.com/77")),
                List.of(new Reference("github_pr", "octo/widgets", 34L, null, null, "review_requested"),
                        new Reference("url", null, null, null, "https://ci.example.com/77", null)),
                metadata, SIGNATURE);
    }

    @Test
    void missingRequiredFieldIsNamedInTheMessageAndDetails() {
        refusedNaming(remove("message_id"), "message_id", "field 'message_id' is required");
        refusedNaming(remove("sender.agent_id"), "sender.agent_id", "field 'sender.agent_id' is required");
    }

    @Test
    void nullInARequiredFieldIsReportedAsMissing() {
        refusedNaming(set("content", "null"), "content", "field 'content' is required");
        refusedNaming(set("sender", "null"), "sender", "field 'sender' is required");
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        refusedNaming(set("content", "42"), "content", "field 'content' must be a string");
        refusedNaming(text("sender", "alice"), "sender", "field 'sender' must be an object");
        refusedNaming(set("references", "{}"), "references", "field 'references' must be an array");
        refusedNaming(set("metadata", "[]"), "metadata", "field 'metadata' must be an object");
    }

    @Test
    void badValueSaysWhatShapeWasExpected() {
        refusedNaming(text("message_id", MESSAGE_ID.toUpperCase()), "message_id",
                "field 'message_id' must be a lowercase hyphenated UUID");
        refusedNaming(text("timestamp", "2026-02-05T14:30:00Z"), "timestamp",
                "field 'timestamp' must be a UTC timestamp yyyy-MM-ddTHH:mm:ss.SSSZ");
        refusedNaming(text("type", "chat"), "type", "field 'type' must be one of message, system, notification");
        refusedNaming(text("priority", "urgent"), "priority", "field 'priority' must be one of low, normal, high");
        refusedNaming(text("signature", SIGNATURE.substring(4)), "signature",
                "field 'signature' must be a base64 Ed25519 signature (64 bytes)");
    }

    @Test
    void senderEndpointProblemIsNamedByItsPathWithTheReason() {
        refusedNaming(text("sender.endpoint", "http://alice.example.com/swarm"), "sender.endpoint",
                "field 'sender.endpoint' must be an https:// URL (http:// is only allowed for loopback hosts)");
        refusedNaming(text("sender.endpoint", "http://localhost:9443/swarm"), "sender.endpoint",
                "field 'sender.endpoint' must be an https:// URL"
                        + " (http:// on loopback needs --allow-insecure-loopback)");
        refusedNaming(text("sender.endpoint", ENDPOINT + "?token=x"), "sender.endpoint",
                "field 'sender.endpoint' must be an absolute URL with a host and no user, query or fragment");
    }

    @Test
    void fieldInsideAnArrayIsNamedWithItsIndex() {
        refusedNaming(set("references", "[{\"type\":\"github_repo\",\"repo\":\"octo/widgets\"},"
                + "{\"type\":\"github_issue\",\"repo\":\"octo/widgets\"}]"), "references[1].number",
                "field 'references[1].number' is required");
        refusedNaming(set("references", "[{\"type\":\"github_issue\",\"repo\":\"octo/widgets\",\"number\":-3}]"),
                "references[0].number", "field 'references[0].number' must be a positive integer");
        refusedNaming(set("attachments", "[{\"type\":\"inline\",\"content\":\"x\"}]"), "attachments[0].mime_type",
                "field 'attachments[0].mime_type' is required");
        refusedNaming(set("attachments", "[42]"), "attachments[0]", "field 'attachments[0]' must be an object");
    }

    @Test
    void badMetadataValueIsNamedByItsKey() {
        refusedNaming(set("metadata", "{\"ok\":1,\"build\":{\"id\":7}}"), "metadata.build",
                "field 'metadata.build' must be a string, integer, boolean or null");
    }

    @Test
    void bodyThatIsNotAJsonObjectIsBlamedOnTheWholeBody() {
        refusal("{\"message_id\":").withMessage("body is not valid JSON")
                .satisfies(e -> assertThat(e.details()).isEqualTo(Map.of("field", "$")));
        refusal("[]").withMessage("message must be a JSON object")
                .satisfies(e -> assertThat(e.details()).isEqualTo(Map.of("field", "$")));
    }

    @Test
    void nullInAnOptionalFieldIsTheSameAsLeavingItOut() {
        String withNulls = envelopeWith(root -> OPTIONAL.forEach(field -> root.putNull(field)));
        String without = envelopeWith(root -> { });

        assertThat(parse(withNulls).envelope()).isEqualTo(parse(without).envelope());
        assertThat(parse(withNulls).envelope().priority()).isNull();
        assertThat(parse(withNulls).envelope().effectivePriority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void nullInsideAReferenceIsTheSameAsLeavingItOut() {
        Envelope parsed = parse(envelopeWith(set("references",
                "[{\"type\":\"url\",\"url\":\"https://x.example\",\"repo\":null,\"number\":null,\"sha\":null,"
                        + "\"action\":null}]"))).envelope();

        assertThat(parsed.references()).containsExactly(new Reference("url", null, null, null, "https://x.example",
                null));
    }

    @Test
    void metadataKeepsEachValueWithItsType() {
        Envelope parsed = parse(envelopeWith(set("metadata",
                "{\"s\":\"x\",\"i\":42,\"big\":9007199254740993,\"b\":true,\"n\":null}"))).envelope();

        assertThat(parsed.metadata()).containsOnlyKeys("s", "i", "big", "b", "n").containsEntry("s", "x")
                .containsEntry("i", 42L).containsEntry("big", 9_007_199_254_740_993L).containsEntry("b", true);
        assertThat(parsed.metadata().get("n")).isNull();
    }

    @Test
    void parseOfToBytesGivesBackTheSameEnvelope() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ticket", "OPS-7");
        metadata.put("attempt", 3L);
        metadata.put("flaky", false);
        Envelope envelope = fullEnvelope(metadata);

        assertThat(parse(new String(EnvelopeCodec.toBytes(envelope), UTF_8)).envelope()).isEqualTo(envelope);
    }

    @Test
    void envelopesBuiltForSendingRoundTripToo() {
        Identity alice = new Identity("alice", ENDPOINT, Vectors.seed());
        Envelopes envelopes = new Envelopes(alice, Clock.fixed(Instant.parse("2026-02-05T14:30:00.999999Z"),
                ZoneOffset.UTC));
        Envelope built = envelopes.build(new Envelopes.Draft(SWARM_ID, "bob", MessageType.MESSAGE, "hi",
                Priority.LOW, MESSAGE_ID, OTHER_ID, null, null,
                List.of(new Reference("github_issue", "octo/widgets", 12L, null, null, "claimed")),
                Map.of("attempt", 2L)));

        Envelope parsed = parse(new String(EnvelopeCodec.toBytes(built), UTF_8)).envelope();

        assertThat(parsed).isEqualTo(built);
        assertThat(parsed.timestamp()).isEqualTo("2026-02-05T14:30:00.999Z");
    }

    @Test
    void metadataNullValueSurvivesTheRoundTrip() {
        // PROTOCOL.md section 2 allows null metadata values; the sender's null must reach the receiver.
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("owner", null);
        metadata.put("attempt", 1L);
        Envelope envelope = fullEnvelope(metadata);

        JsonNode wire = Json.readTree(new String(EnvelopeCodec.toBytes(envelope), UTF_8));

        assertThat(wire.path("metadata").has("owner")).as("metadata on the wire: %s", wire.path("metadata"))
                .isTrue();
        assertThat(parse(wire.toString()).envelope().metadata()).containsKey("owner");
    }

    @Test
    void unsetOptionalFieldsAreLeftOffTheWireNotSentAsNull() {
        Envelope bare = new Envelope("0.1.0", MESSAGE_ID, "2026-02-05T14:30:00.123Z", new Sender("alice", ENDPOINT),
                "bob", SWARM_ID, MessageType.MESSAGE, "hi", SIGNATURE, null, null, null, null, null, null, null, null);

        JsonNode wire = Json.readTree(new String(EnvelopeCodec.toBytes(bare), UTF_8));

        List<String> nulls = new ArrayList<>();
        wire.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                nulls.add(field.getKey());
            }
        });
        assertThat(nulls).isEmpty();
        OPTIONAL.forEach(field -> assertThat(wire.has(field)).as(field).isFalse());
    }

    @Test
    void normalPriorityIsLeftOffWhenSentAndAcceptedWhenReceived() {
        Envelopes envelopes = new Envelopes(new Identity("alice", ENDPOINT, Vectors.seed()), Clock.systemUTC());
        Envelope normal = envelopes.build(new Envelopes.Draft(SWARM_ID, "bob", MessageType.MESSAGE, "hi",
                Priority.NORMAL, null, null, null, null, null, null));

        assertThat(Json.readTree(new String(EnvelopeCodec.toBytes(normal), UTF_8)).has("priority")).isFalse();
        assertThat(parse(envelopeWith(text("priority", "normal"))).envelope().priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void parsedTreeKeepsWhatArrivedIncludingUnknownFields() {
        String json = envelopeWith(root -> {
            root.put("trace_id", "abc");
            ((ObjectNode) root.get("sender")).put("public_key", Vectors.publicKeyBase64());
        });

        EnvelopeCodec.Parsed parsed = parse(json);

        assertThat(parsed.tree()).isEqualTo(Json.readTree(json));
        assertThat(parsed.tree().get("trace_id").asText()).isEqualTo("abc");
    }

    @Test
    void signatureIsCheckedForShapeNotForValidity() {
        // Whether it verifies is the receiver's question (INVALID_SIGNATURE), answered after parsing.
        String zeros = Base64.getEncoder().encodeToString(new byte[64]);

        assertThat(parse(envelopeWith(text("signature", zeros))).envelope().signature()).isEqualTo(zeros);
    }

    @Test
    void signatureShapeIsSixtyFourBytesInEightyEightBase64Characters() {
        assertThat(EnvelopeCodec.isSignature(SIGNATURE)).isTrue();
        assertThat(EnvelopeCodec.isSignature(Base64.getEncoder().encodeToString(new byte[64]))).isTrue();
        assertThat(EnvelopeCodec.isSignature(Base64.getEncoder().encodeToString(new byte[65]))).isFalse();
        assertThat(EnvelopeCodec.isSignature(Base64.getEncoder().encodeToString(new byte[63]))).isFalse();
        assertThat(EnvelopeCodec.isSignature(SIGNATURE.replace('+', '-').replace('/', '_'))).isFalse();
        assertThat(EnvelopeCodec.isSignature("=".repeat(88))).isFalse();
    }
}
