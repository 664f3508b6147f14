package dev.swarm.node.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * The canonical bytes of the envelope signature (RFC 8785 examples: key order, numbers, strings)
 * and signing and verifying over them.
 */
class EnvelopeSignatureTest {
    private static final String ENVELOPE = """
            {"protocol_version":"0.1.0","message_id":"550e8400-e29b-41d4-a716-446655440000",
             "timestamp":"2026-02-05T14:30:00.123Z",
             "sender":{"agent_id":"bob","endpoint":"https://bob.example.com/swarm"},
             "recipient":"broadcast","swarm_id":"660e8400-e29b-41d4-a716-446655440001","type":"message",
             "content":"tests are green","priority":"high","metadata":{"ci":true,"run":42,"note":null},
             "signature":"legacy","envelope_signature":"extension"}""";

    @Test
    void canonicalFormSortsKeysByUtf16CodeUnitsAsRfc8785Section323Shows() {
        ObjectNode input = object("""
                {"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh",
                 "1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",
                 "\\u00f6":"Latin Small Letter O With Diaeresis"}""");

        String canonical = text(EnvelopeSignature.canonicalBytes(input));

        assertThat(canonical).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void canonicalFormWritesNumbersStringsAndLiteralsAsRfc8785Section322Shows() {
        ObjectNode input = object("""
                {"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],
                 "string":"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                 "literals":[null,true,false]}""");

        String canonical = text(EnvelopeSignature.canonicalBytes(input));

        assertThat(canonical).isEqualTo("{\"literals\":[null,true,false],"
                + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void canonicalFormLeavesOutBothSignaturesAndKeepsEveryOtherFieldWithoutWhitespace() {
        String canonical = text(EnvelopeSignature.canonicalBytes(object(ENVELOPE)));

        assertThat(canonical).isEqualTo("{\"content\":\"tests are green\",\"message_id\":"
                + "\"550e8400-e29b-41d4-a716-446655440000\",\"metadata\":{\"ci\":true,\"note\":null,\"run\":42},"
                + "\"priority\":\"high\",\"protocol_version\":\"0.1.0\",\"recipient\":\"broadcast\","
                + "\"sender\":{\"agent_id\":\"bob\",\"endpoint\":\"https://bob.example.com/swarm\"},"
                + "\"swarm_id\":\"660e8400-e29b-41d4-a716-446655440001\",\"timestamp\":\"2026-02-05T14:30:00.123Z\","
                + "\"type\":\"message\"}");
    }

    @Test
    void canonicalBytesDoNotDependOnTheOrderOrSpacingTheEnvelopeArrivedIn() {
        ObjectNode reordered = object("""
                { "type" : "message", "signature" : "other", "sender" : { "endpoint" : "https://bob.example.com/swarm",
                  "agent_id" : "bob" }, "metadata" : { "note" : null, "run" : 42, "ci" : true },
                  "priority" : "high", "content" : "tests are green", "recipient" : "broadcast",
                  "swarm_id" : "660e8400-e29b-41d4-a716-446655440001", "timestamp" : "2026-02-05T14:30:00.123Z",
                  "message_id" : "550e8400-e29b-41d4-a716-446655440000", "protocol_version" : "0.1.0" }""");

        assertThat(EnvelopeSignature.canonicalBytes(reordered)).isEqualTo(
                EnvelopeSignature.canonicalBytes(object(ENVELOPE)));
    }

    @Test
    void canonicalBytesLeaveTheEnvelopeItselfUntouched() {
        ObjectNode envelope = object(ENVELOPE);
        ObjectNode before = envelope.deepCopy();

        EnvelopeSignature.canonicalBytes(envelope);

        assertThat(envelope).isEqualTo(before);
    }

    @Test
    void signatureVerifiesWithTheSignersKeyWhateverTheSignatureFieldsHold() {
        Ed25519PrivateKeyParameters key = Ed25519.privateKey(Vectors.seed());
        ObjectNode envelope = object(ENVELOPE);

        String signature = EnvelopeSignature.sign(key, envelope);
        envelope.put("envelope_signature", signature);
        envelope.put("signature", "changed after signing");

        assertThat(EnvelopeSignature.verify(key.generatePublicKey(), envelope, signature)).isTrue();
    }

    @Test
    void signatureFailsWhenAnyCoveredFieldChangesAfterSigning() {
        Ed25519PrivateKeyParameters key = Ed25519.privateKey(Vectors.seed());
        String signature = EnvelopeSignature.sign(key, object(ENVELOPE));

        ObjectNode priority = object(ENVELOPE).put("priority", "low");
        ObjectNode endpoint = object(ENVELOPE);
        ((ObjectNode) endpoint.get("sender")).put("endpoint", "https://mallory.example.com/swarm");
        ObjectNode metadata = object(ENVELOPE);
        ((ObjectNode) metadata.get("metadata")).put("run", 43);
        ObjectNode added = object(ENVELOPE).put("thread_id", "770e8400-e29b-41d4-a716-446655440002");

        for (ObjectNode tampered : java.util.List.of(priority, endpoint, metadata, added)) {
            assertThat(EnvelopeSignature.verify(key.generatePublicKey(), tampered, signature))
                    .as("signature over %s", tampered).isFalse();
        }
    }

    @Test
    void signatureFailsWithAnotherKeyAndForMalformedBase64() {
        Ed25519PrivateKeyParameters key = Ed25519.privateKey(Vectors.seed());
        Ed25519PrivateKeyParameters other = Ed25519.privateKey(Ed25519.newSeed(new SecureRandom()));
        ObjectNode envelope = object(ENVELOPE);
        String signature = EnvelopeSignature.sign(key, envelope);

        assertThat(EnvelopeSignature.verify(other.generatePublicKey(), envelope, signature)).isFalse();
        assertThat(EnvelopeSignature.verify(key.generatePublicKey(), envelope, "not base64!")).isFalse();
        assertThat(EnvelopeSignature.verify(key.generatePublicKey(), envelope, "AAAA")).isFalse();
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) Json.readTree(json);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
