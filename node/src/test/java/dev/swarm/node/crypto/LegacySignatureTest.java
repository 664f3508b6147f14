package dev.swarm.node.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.support.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

class LegacySignatureTest {
    private final JsonNode vector = Vectors.messageSignature();
    private final Ed25519PrivateKeyParameters key = Ed25519.privateKey(Vectors.seed());

    private LegacySignature.Fields fields(String content) {
        return new LegacySignature.Fields(vector.get("message_id").asText(), vector.get("timestamp").asText(),
                vector.get("swarm_id").asText(), vector.get("recipient").asText(), vector.get("type").asText(),
                content);
    }

    @Test
    void publicKeyDerivedFromTheVectorSeedMatchesTheVector() {
        assertThat(Ed25519.encode(key.generatePublicKey())).isEqualTo(Vectors.publicKeyBase64());
    }

    @Test
    void signedDigestIsSha256OfTheConcatenationInTheVector() {
        LegacySignature.Fields fields = fields(vector.get("content").asText());
        byte[] expectedInput = vector.get("signed_input_utf8").asText().getBytes(StandardCharsets.UTF_8);
        assertThat(LegacySignature.sha256(expectedInput))
                .isEqualTo(HexFormat.of().parseHex(vector.get("sha256_hex").asText()));
        assertThat(HexFormat.of().formatHex(LegacySignature.signedDigest(fields)))
                .isEqualTo(vector.get("sha256_hex").asText());
    }

    @Test
    void signatureReproducesTheVectorByteForByte() {
        assertThat(LegacySignature.sign(key, fields(vector.get("content").asText())))
                .isEqualTo(vector.get("signature_b64").asText());
    }

    @Test
    void vectorSignatureVerifiesWithTheVectorPublicKey() {
        assertThat(LegacySignature.verify(Ed25519.publicKey(Vectors.publicKeyBase64()),
                fields(vector.get("content").asText()), vector.get("signature_b64").asText())).isTrue();
    }

    @Test
    void changingOneCharacterOfContentBreaksTheSignature() {
        assertThat(LegacySignature.verify(Ed25519.publicKey(Vectors.publicKeyBase64()),
                fields("Hello, swarm?"), vector.get("signature_b64").asText())).isFalse();
    }

    @Test
    void anotherKeyDoesNotVerifyTheVectorSignature() {
        byte[] otherSeed = Vectors.seed().clone();
        otherSeed[0] ^= 1;
        var otherPublic = Ed25519.privateKey(otherSeed).generatePublicKey();
        assertThat(LegacySignature.verify(otherPublic, fields(vector.get("content").asText()),
                vector.get("signature_b64").asText())).isFalse();
    }

    @Test
    void garbageSignatureTextIsFalseNotAnException() {
        assertThat(LegacySignature.verify(Ed25519.publicKey(Vectors.publicKeyBase64()),
                fields(vector.get("content").asText()), "not base64 at all!")).isFalse();
    }
}
