package dev.swarm.node.protocol;

import static dev.swarm.node.protocol.Documents.ENDPOINT;
import static dev.swarm.node.protocol.Documents.MESSAGE_ID;
import static dev.swarm.node.protocol.Documents.OTHER_ID;
import static dev.swarm.node.protocol.Documents.SIGNATURE;
import static dev.swarm.node.protocol.Documents.SWARM_ID;
import static dev.swarm.node.protocol.Documents.envelope;
import static dev.swarm.node.protocol.Documents.envelopeWith;
import static dev.swarm.node.protocol.Documents.joinRequestWith;
import static dev.swarm.node.protocol.Documents.remove;
import static dev.swarm.node.protocol.Documents.set;
import static dev.swarm.node.protocol.Documents.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.support.Vectors;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The documents {@link SchemaAgreementTest} feeds to both the schemas and the parsers: bad ones
 * (each with the field the parser must name), malformed bodies, unusual but valid ones (each with
 * what the parser must make of it) and the few the schema cannot judge. One row per class of
 * mistake, named for the test report.
 */
final class WireCorpus {
    private WireCorpus() {
    }

    /** Which parser a document goes to, and the schema that describes it. */
    enum Kind {
        ENVELOPE_DOC("envelope.schema.json") {
            @Override
            void parse(byte[] body, EndpointPolicy policy) {
                EnvelopeCodec.parse(body, policy);
            }
        },
        JOIN_REQUEST_DOC("join-request.schema.json") {
            @Override
            void parse(byte[] body, EndpointPolicy policy) {
                JoinRequestCodec.parse(body, policy);
            }
        };

        final String schema;

        Kind(String schema) {
            this.schema = schema;
        }

        abstract void parse(byte[] body, EndpointPolicy policy);
    }

    /** A document and the field the parser must name when it refuses it ({@code $} for the whole body). */
    record Case(Kind kind, String json, String field) {
    }

    static Stream<Arguments> badDocuments() {
        Stream<Arguments> missing = Stream.of("protocol_version", "message_id", "timestamp", "sender", "recipient",
                "swarm_id", "type", "content", "signature", "sender.agent_id", "sender.endpoint")
                .map(field -> bad("missing " + field, field, remove(field)));
        Stream<Arguments> missingJoin = Stream.of("type", "action", "invite_token", "sender", "sender.agent_id",
                "sender.endpoint", "sender.public_key")
                .map(field -> badJoin("missing " + field, field, remove(field)));
        return Stream.of(missing, missingJoin, badEnvelopeValues(), badReferencesAndAttachments(), badJoinValues())
                .flatMap(s -> s);
    }

    private static Stream<Arguments> badEnvelopeValues() {
        return Stream.of(
                bad("required content is null", "content", set("content", "null")),
                bad("required message_id is null", "message_id", set("message_id", "null")),
                bad("sender is null", "sender", set("sender", "null")),
                bad("content is a number", "content", set("content", "42")),
                bad("content is an object", "content", set("content", "{\"text\":\"hi\"}")),
                bad("sender is a string", "sender", text("sender", "alice")),
                bad("timestamp is epoch milliseconds", "timestamp", set("timestamp", "1770301800000")),
                bad("recipient is an array", "recipient", set("recipient", "[\"bob\"]")),
                bad("attachments is an object", "attachments", set("attachments", "{}")),
                bad("references is a string", "references", text("references", "octo/widgets#1")),
                bad("metadata is an array", "metadata", set("metadata", "[]")),
                bad("priority is a number", "priority", set("priority", "2")),
                bad("in_reply_to is a number", "in_reply_to", set("in_reply_to", "7")),
                bad("message_id is not a UUID", "message_id", text("message_id", "msg-1")),
                bad("message_id is an uppercase UUID", "message_id", text("message_id", MESSAGE_ID.toUpperCase())),
                bad("message_id without hyphens", "message_id", text("message_id", MESSAGE_ID.replace("-", ""))),
                bad("message_id in braces", "message_id", text("message_id", "{" + MESSAGE_ID + "}")),
                bad("message_id with a trailing newline", "message_id", text("message_id", MESSAGE_ID + "\n")),
                bad("swarm_id is an uppercase UUID", "swarm_id", text("swarm_id", SWARM_ID.toUpperCase())),
                bad("in_reply_to is an uppercase UUID", "in_reply_to", text("in_reply_to", OTHER_ID.toUpperCase())),
                bad("thread_id is not a UUID", "thread_id", text("thread_id", "thread-7")),
                bad("sender.agent_id with a space", "sender.agent_id", text("sender.agent_id", "alice smith")),
                bad("sender.agent_id is empty", "sender.agent_id", text("sender.agent_id", "")),
                bad("sender.agent_id of 257 characters", "sender.agent_id", text("sender.agent_id", "a".repeat(257))),
                bad("sender.agent_id with a non-ASCII letter", "sender.agent_id", text("sender.agent_id", "älice")),
                bad("recipient with a slash", "recipient", text("recipient", "bob/inbox")),
                bad("protocol_version 0.1", "protocol_version", text("protocol_version", "0.1")),
                bad("protocol_version v0.1.0", "protocol_version", text("protocol_version", "v0.1.0")),
                bad("timestamp with +00:00 instead of Z", "timestamp",
                        text("timestamp", "2026-02-05T14:30:00.000+00:00")),
                bad("timestamp without milliseconds", "timestamp", text("timestamp", "2026-02-05T14:30:00Z")),
                bad("timestamp with 2 fraction digits", "timestamp", text("timestamp", "2026-02-05T14:30:00.00Z")),
                bad("timestamp with 4 fraction digits", "timestamp", text("timestamp", "2026-02-05T14:30:00.0000Z")),
                bad("timestamp with 6 fraction digits", "timestamp",
                        text("timestamp", "2026-02-05T14:30:00.000000Z")),
                bad("timestamp without Z", "timestamp", text("timestamp", "2026-02-05T14:30:00.000")),
                bad("timestamp with a lowercase z", "timestamp", text("timestamp", "2026-02-05T14:30:00.000z")),
                bad("timestamp with a space for T", "timestamp", text("timestamp", "2026-02-05 14:30:00.000Z")),
                bad("timestamp that is a date only", "timestamp", text("timestamp", "2026-02-05")),
                bad("expires_at with an offset", "expires_at", text("expires_at", "2026-02-06T14:30:00.000+01:00")),
                bad("sender.endpoint is http:// on a public host", "sender.endpoint",
                        text("sender.endpoint", "http://alice.example.com/swarm")),
                // With --allow-insecure-loopback the node accepts this one: a local policy, see below.
                bad("sender.endpoint is http:// on loopback", "sender.endpoint",
                        text("sender.endpoint", "http://127.0.0.1:9443/swarm")),
                bad("sender.endpoint is ftp://", "sender.endpoint", text("sender.endpoint", "ftp://a.example/swarm")),
                bad("sender.endpoint is relative", "sender.endpoint", text("sender.endpoint", "/swarm")),
                bad("sender.endpoint is empty", "sender.endpoint", text("sender.endpoint", "")),
                bad("sender.endpoint has no host", "sender.endpoint", text("sender.endpoint", "https:///swarm")),
                bad("sender.endpoint with an upper-case scheme (older peers check a literal https://)",
                        "sender.endpoint", text("sender.endpoint", "HTTPS://alice.example.com/swarm")),
                bad("sender.endpoint has user info", "sender.endpoint",
                        text("sender.endpoint", "https://alice:secret@alice.example.com/swarm")),
                bad("sender.endpoint has a query", "sender.endpoint", text("sender.endpoint", ENDPOINT + "?x=1")),
                bad("sender.endpoint has a fragment", "sender.endpoint", text("sender.endpoint", ENDPOINT + "#top")),
                bad("sender.endpoint longer than 2048 characters", "sender.endpoint",
                        text("sender.endpoint", "https://alice.example.com/" + "a".repeat(2048))),
                bad("unknown type", "type", text("type", "chat")),
                bad("type in upper case", "type", text("type", "MESSAGE")),
                bad("unknown priority", "priority", text("priority", "urgent")),
                bad("priority in upper case", "priority", text("priority", "HIGH")),
                bad("signature one character short", "signature", text("signature", SIGNATURE.substring(1))),
                bad("signature without padding", "signature", text("signature", SIGNATURE.replace("=", ""))),
                bad("signature in base64url", "signature",
                        text("signature", SIGNATURE.replace('/', '_').replace('+', '-'))),
                bad("signature of 65 bytes", "signature",
                        text("signature", Base64.getEncoder().encodeToString(new byte[65]))),
                bad("signature in hex", "signature", text("signature", HexFormat.of().formatHex(new byte[64]))),
                bad("signature is empty", "signature", text("signature", "")),
                bad("envelope_signature too short", "envelope_signature", text("envelope_signature", "AAAA")),
                bad("metadata with an object value", "metadata.build", set("metadata", "{\"build\":{\"id\":1}}")),
                bad("metadata with an array value", "metadata.tags", set("metadata", "{\"tags\":[\"a\"]}")),
                bad("metadata with a fractional number", "metadata.ratio", set("metadata", "{\"ratio\":0.5}")));
    }

    private static Stream<Arguments> badReferencesAndAttachments() {
        return Stream.of(
                bad("attachment of unknown type", "attachments[0].type",
                        set("attachments", "[{\"type\":\"file\",\"mime_type\":\"text/plain\",\"content\":\"x\"}]")),
                bad("attachment without mime_type", "attachments[0].mime_type",
                        set("attachments", "[{\"type\":\"inline\",\"content\":\"x\"}]")),
                bad("attachment that is a string", "attachments[0]", set("attachments", "[\"https://x.example\"]")),
                bad("github_issue without number", "references[0].number",
                        references("{\"type\":\"github_issue\",\"repo\":\"octo/widgets\"}")),
                bad("github_pr with a null number", "references[0].number",
                        references("{\"type\":\"github_pr\",\"repo\":\"octo/widgets\",\"number\":null}")),
                bad("github_issue number as a string", "references[0].number",
                        references("{\"type\":\"github_issue\",\"repo\":\"octo/widgets\",\"number\":\"12\"}")),
                bad("github_issue number 0", "references[0].number",
                        references("{\"type\":\"github_issue\",\"repo\":\"octo/widgets\",\"number\":0}")),
                bad("github_issue number 1.5", "references[0].number",
                        references("{\"type\":\"github_issue\",\"repo\":\"octo/widgets\",\"number\":1.5}")),
                bad("github_repo without repo", "references[0].repo", references("{\"type\":\"github_repo\"}")),
                bad("github_repo with a null repo", "references[0].repo",
                        references("{\"type\":\"github_repo\",\"repo\":null}")),
                bad("repo without an owner", "references[0].repo",
                        references("{\"type\":\"github_repo\",\"repo\":\"widgets\"}")),
                bad("github_commit without sha", "references[0].sha",
                        references("{\"type\":\"github_commit\",\"repo\":\"octo/widgets\"}")),
                bad("sha that is not hex", "references[0].sha",
                        references("{\"type\":\"github_commit\",\"repo\":\"octo/widgets\",\"sha\":\"not-a-sha\"}")),
                bad("url reference without url", "references[0].url", references("{\"type\":\"url\"}")),
                bad("unknown reference type", "references[0].type",
                        references("{\"type\":\"gitlab_issue\",\"repo\":\"octo/widgets\",\"number\":1}")),
                bad("reference without type", "references[0].type", references("{\"repo\":\"octo/widgets\"}")),
                bad("unknown action", "references[0].action", references(
                        "{\"type\":\"github_issue\",\"repo\":\"octo/widgets\",\"number\":1,\"action\":\"started\"}")),
                bad("second reference is bad", "references[1].number", references(
                        "{\"type\":\"github_repo\",\"repo\":\"octo/widgets\"}",
                        "{\"type\":\"github_pr\",\"repo\":\"octo/widgets\"}")),
                bad("reference that is a string", "references[0]", set("references", "[\"octo/widgets#1\"]")));
    }

    private static Stream<Arguments> badJoinValues() {
        return Stream.of(
                badJoin("type is message", "type", text("type", "message")),
                badJoin("wrong action", "action", text("action", "join")),
                badJoin("action join_response", "action", text("action", "join_response")),
                badJoin("invite_token is a number", "invite_token", set("invite_token", "12345")),
                badJoin("invite_token is null", "invite_token", set("invite_token", "null")),
                badJoin("sender is an array", "sender", set("sender", "[]")),
                badJoin("sender.agent_id with a colon", "sender.agent_id", text("sender.agent_id", "bob:1")),
                badJoin("sender.endpoint is http://", "sender.endpoint",
                        text("sender.endpoint", "http://bob.example.com/swarm")),
                badJoin("public_key is not base64", "sender.public_key",
                        text("sender.public_key", "not a key at all, not a key at all, not a k")),
                badJoin("public_key one character short", "sender.public_key",
                        text("sender.public_key", Vectors.publicKeyBase64().substring(1))),
                badJoin("public_key without padding", "sender.public_key",
                        text("sender.public_key", Vectors.publicKeyBase64().replace("=", ""))),
                badJoin("public_key of 33 bytes", "sender.public_key",
                        text("sender.public_key", Base64.getEncoder().encodeToString(new byte[33]))),
                badJoin("public_key in hex", "sender.public_key",
                        text("sender.public_key", HexFormat.of().formatHex(Base64.getDecoder()
                                .decode(Vectors.publicKeyBase64())))),
                badJoin("public_key is a number", "sender.public_key", set("sender.public_key", "7")),
                badJoin("sender.capabilities is a string", "sender.capabilities",
                        text("sender.capabilities", "envelope-signature-v1")),
                badJoin("sender.capabilities holds a number", "sender.capabilities",
                        set("sender.capabilities", "[1]")),
                badJoin("sender.capabilities holds an empty name", "sender.capabilities",
                        set("sender.capabilities", "[\"\"]")));
    }

    static Stream<Arguments> malformedBodies() {
        String envelope = envelope().toString();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("truncated object", envelope.substring(0, envelope.length() / 2));
        bodies.put("trailing comma", "{\"type\":\"system\",}");
        bodies.put("single quotes", "{'type':'system'}");
        bodies.put("garbage after the object", envelope + " x");
        bodies.put("NaN", "{\"content\":NaN}");
        bodies.put("empty body", "");
        bodies.put("an array", "[" + envelope + "]");
        bodies.put("a string", "\"hello\"");
        bodies.put("null", "null");
        return Stream.of(Kind.values()).flatMap(kind -> bodies.entrySet().stream().map(body ->
                Arguments.of(Named.of(kind.schema + ": " + body.getKey(), new Case(kind, body.getValue(), "$")))));
    }

    /** A valid document and what the parser must make of it. */
    record Good(String json, Consumer<Envelope> expect) {
    }

    static Stream<Arguments> goodEnvelopes() {
        String bigContent = "x".repeat(100_000);
        return Stream.of(
                good("Python-style nulls in every optional field", edits(set("in_reply_to", "null"),
                        set("thread_id", "null"), set("priority", "null"), set("expires_at", "null"),
                        set("attachments", "null"), set("references", "null"), set("metadata", "null"),
                        set("envelope_signature", "null")), e -> {
                            assertThat(e.inReplyTo()).isNull();
                            assertThat(e.threadId()).isNull();
                            assertThat(e.priority()).isNull();
                            assertThat(e.effectivePriority()).isEqualTo(Priority.NORMAL);
                            assertThat(e.expiresAt()).isNull();
                            assertThat(e.attachments()).isNull();
                            assertThat(e.references()).isNull();
                            assertThat(e.metadata()).isNull();
                            assertThat(e.envelopeSignature()).isNull();
                        }),
                good("explicit normal priority", text("priority", "normal"),
                        e -> assertThat(e.priority()).isEqualTo(Priority.NORMAL)),
                good("unknown fields at every level", edits(text("trace_id", "abc"), set("future", "{\"a\":[1]}"),
                        text("sender.public_key", Vectors.publicKeyBase64()), set("references",
                                "[{\"type\":\"url\",\"url\":\"https://x.example\",\"title\":\"CI\"}]")),
                        e -> assertThat(e.references()).singleElement()
                                .isEqualTo(new Reference("url", null, null, null, "https://x.example", null))),
                good("url and inline attachments", set("attachments", "[{\"type\":\"url\",\"mime_type\":\"image/png\","
                        + "\"content\":\"https://x.example/a.png\"},{\"type\":\"inline\",\"mime_type\":\"text/plain\","
                        + "\"content\":\"hello\",\"encoding\":\"utf-8\"}]"),
                        e -> assertThat(e.attachments()).extracting(Attachment::type).containsExactly("url", "inline")),
                good("every reference type with optional nulls", set("references", "["
                        + "{\"type\":\"github_repo\",\"repo\":\"octo/widgets\",\"number\":null,\"action\":null},"
                        + "{\"type\":\"github_issue\",\"repo\":\"octo/widgets\",\"number\":12,\"action\":\"claimed\"},"
                        + "{\"type\":\"github_pr\",\"repo\":\"octo.org/wid_gets-2\",\"number\":3,"
                        + "\"action\":\"review_requested\"},"
                        + "{\"type\":\"github_commit\",\"repo\":\"octo/widgets\",\"sha\":\"9fceb02\",\"url\":null},"
                        + "{\"type\":\"url\",\"url\":\"https://ci.example.com/77\",\"repo\":null,"
                        + "\"action\":\"blocked\"}]"),
                        e -> assertThat(e.references()).extracting(Reference::type).containsExactly("github_repo",
                                "github_issue", "github_pr", "github_commit", "url")),
                good("every reference action", set("references", Stream.of("claimed", "completed", "blocked",
                        "unblocked", "assigned", "mention", "review_requested")
                        .map(a -> "{\"type\":\"github_repo\",\"repo\":\"o/r\",\"action\":\"" + a + "\"}")
                        .reduce((x, y) -> x + "," + y).map(s -> "[" + s + "]").orElseThrow()),
                        e -> assertThat(e.references()).hasSize(7)),
                good("metadata of every allowed value type", set("metadata", "{\"s\":\"x\",\"i\":42,\"neg\":-7,"
                        + "\"big\":9007199254740993,\"t\":true,\"f\":false,\"n\":null}"), e -> {
                            assertThat(e.metadata()).containsEntry("s", "x").containsEntry("i", 42L)
                                    .containsEntry("big", 9_007_199_254_740_993L).containsEntry("f", false);
                            assertThat(e.metadata()).containsKey("n").extractingByKey("n").isNull();
                        }),
                good("empty metadata and empty lists", edits(set("metadata", "{}"), set("references", "[]"),
                        set("attachments", "[]")), e -> assertThat(e.references()).isEmpty()),
                good("system message with a JSON object as content", edits(text("type", "system"),
                        text("content", "{\"action\":\"member_left\",\"agent_id\":\"alice\"}")),
                        e -> assertThat(e.type()).isEqualTo(MessageType.SYSTEM)),
                good("notification to one agent in a thread, replying, expiring", edits(text("type", "notification"),
                        text("recipient", "bob"), text("in_reply_to", OTHER_ID), text("thread_id", OTHER_ID),
                        text("expires_at", "2026-02-06T14:30:00.000Z"), text("priority", "high")),
                        e -> assertThat(e.isBroadcast()).isFalse()),
                good("empty content", text("content", ""), e -> assertThat(e.content()).isEmpty()),
                // The content size limit is configurable (max_content_chars) and answered PAYLOAD_TOO_LARGE
                // by the receiver after parsing; it is deliberately not part of the schema.
                good("content of 100000 characters", text("content", bigContent),
                        e -> assertThat(e.content()).hasSize(100_000)),
                // Expiry and clock skew are judged against the receiver's clock (section 8.1), not the format.
                good("expires_at and timestamp long past", edits(text("timestamp", "1999-12-31T23:59:59.999Z"),
                        text("expires_at", "2000-01-01T00:00:00.000Z")),
                        e -> assertThat(e.expiresAt()).isEqualTo("2000-01-01T00:00:00.000Z")),
                good("leap day timestamp", text("timestamp", "2028-02-29T23:59:59.999Z"),
                        e -> assertThat(e.timestamp()).isEqualTo("2028-02-29T23:59:59.999Z")),
                good("agent ids of 256 characters with dots, dashes and underscores", edits(
                        text("sender.agent_id", ("a.b-c_D9").repeat(32)), text("recipient", "Z".repeat(256))),
                        e -> assertThat(e.sender().agentId()).hasSize(256)),
                good("IPv6 endpoint with a port", text("sender.endpoint", "https://[2001:db8::1]:8443/swarm"),
                        e -> assertThat(e.sender().endpoint()).isEqualTo("https://[2001:db8::1]:8443/swarm")),
                good("endpoint without a path", text("sender.endpoint", "https://alice.example.com"),
                        e -> assertThat(e.sender().endpoint()).isEqualTo("https://alice.example.com")),
                // Only the shape N.N.N is checked; what a receiver does with another version is not a format rule.
                good("a later protocol version", text("protocol_version", "0.2.0"),
                        e -> assertThat(e.protocolVersion()).isEqualTo("0.2.0")),
                good("an envelope_signature", text("envelope_signature", SIGNATURE),
                        e -> assertThat(e.envelopeSignature()).isEqualTo(SIGNATURE)));
    }

    static Stream<Arguments> goodJoinRequests() {
        return Stream.of(
                Arguments.of(Named.of("unknown fields at every level", joinRequestWith(edits(
                        text("client", "swarm-py 0.1.0"), text("sender.name", "Bob"), set("capabilities", "[]"))))),
                Arguments.of(Named.of("endpoint with a port and no path", joinRequestWith(
                        text("sender.endpoint", "https://bob.example.com:9443")))),
                Arguments.of(Named.of("agent id of 256 characters", joinRequestWith(
                        text("sender.agent_id", "b".repeat(256))))),
                Arguments.of(Named.of("our capabilities extension", joinRequestWith(
                        set("sender.capabilities", "[\"envelope-signature-v1\",\"some-future-v2\"]")))),
                Arguments.of(Named.of("capabilities as null, as an older peer might send", joinRequestWith(
                        set("sender.capabilities", "null")))));
    }

    /**
     * What the schema cannot say and the code checks anyway. A JSON Schema pattern sees shapes, not
     * calendars or curves; and JSON Schema counts 1.0 as an integer while the parser (like the Python
     * implementation) takes it for a fraction. Each row must stay schema-valid AND code-invalid: if the
     * code starts accepting one of these, that is a regression, not a schema change.
     */
    static Stream<Arguments> stricterInCodeThanInSchema() {
        return Stream.of(
                bad("timestamp on February 30", "timestamp", text("timestamp", "2026-02-30T10:00:00.000Z")),
                bad("timestamp in month 13", "timestamp", text("timestamp", "2026-13-01T10:00:00.000Z")),
                bad("timestamp at hour 24", "timestamp", text("timestamp", "2026-02-05T24:00:00.000Z")),
                bad("timestamp at second 60", "timestamp", text("timestamp", "2026-12-31T23:59:60.000Z")),
                bad("expires_at on February 29 of a common year", "expires_at",
                        text("expires_at", "2026-02-29T10:00:00.000Z")),
                bad("metadata integer written as 1.0", "metadata.n", set("metadata", "{\"n\":1.0}")),
                bad("metadata integer beyond 64 bits", "metadata.n", set("metadata", "{\"n\":18446744073709551616}")),
                bad("reference number written as 2.0", "references[0].number",
                        references("{\"type\":\"github_issue\",\"repo\":\"octo/widgets\",\"number\":2.0}")),
                badJoin("public_key of 32 bytes that is not a curve point", "sender.public_key",
                        text("sender.public_key", "//////////////////////////////////////////8=")));
    }

    /** A bad envelope: {@code edit} applied to the valid one, and the field the parser must name. */
    static Arguments bad(String name, String field, Consumer<ObjectNode> edit) {
        return Arguments.of(Named.of(name, new Case(Kind.ENVELOPE_DOC, envelopeWith(edit), field)));
    }

    static Arguments badJoin(String name, String field, Consumer<ObjectNode> edit) {
        return Arguments.of(Named.of("join request: " + name, new Case(Kind.JOIN_REQUEST_DOC, joinRequestWith(edit),
                field)));
    }

    static Arguments good(String name, Consumer<ObjectNode> edit, Consumer<Envelope> expect) {
        return Arguments.of(Named.of(name, new Good(envelopeWith(edit), expect)));
    }

    @SafeVarargs
    static Consumer<ObjectNode> edits(Consumer<ObjectNode>... edits) {
        return node -> Arrays.stream(edits).forEach(edit -> edit.accept(node));
    }

    static Consumer<ObjectNode> references(String... items) {
        return set("references", "[" + String.join(",", items) + "]");
    }
}
