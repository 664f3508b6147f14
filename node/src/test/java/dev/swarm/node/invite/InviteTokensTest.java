package dev.swarm.node.invite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.support.Vectors;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class InviteTokensTest {
    private final JsonNode vector = Vectors.inviteJwt();
    private final JsonNode claims = vector.get("claims");

    private InviteClaims vectorClaims() {
        return new InviteClaims(claims.get("swarm_id").asText(), claims.get("master").asText(),
                claims.get("endpoint").asText(), claims.get("iat").asLong(), claims.get("expires_at").asText(),
                claims.get("max_uses").asInt(), null);
    }

    @Test
    void issuingTheVectorClaimsReproducesTheVectorTokenByteForByte() {
        String token = InviteTokens.issue(vectorClaims(), Ed25519.toJdkPrivateKey(Vectors.seed()));
        assertThat(token).isEqualTo(vector.get("token").asText());
    }

    @Test
    void inviteUrlOfTheVectorMatchesTheVector() {
        String token = vector.get("token").asText();
        assertThat(InviteUrl.of(vectorClaims(), token).toString()).isEqualTo(vector.get("invite_url").asText());
        assertThat(InviteUrl.parse(vector.get("invite_url").asText()).token()).isEqualTo(token);
    }

    @Test
    void vectorTokenVerifiesWithTheVectorKeyAndIsExpiredByTheClock() {
        InviteClaims verified = InviteTokens.verify(vector.get("token").asText(),
                Ed25519.toJdkPublicKey(Base64.getDecoder().decode(Vectors.publicKeyBase64())));
        assertThat(verified).isEqualTo(vectorClaims());
        assertThat(verified.isExpiredAt(Instant.now())).isTrue();
        assertThat(verified.isExpiredAt(Instant.parse("2026-02-06T14:29:59Z"))).isFalse();
    }

    @Test
    void tokenSignedByAnotherKeyIsInvalidToken() {
        byte[] otherSeed = Vectors.seed().clone();
        otherSeed[5] ^= 1;
        String forged = InviteTokens.issue(vectorClaims(), Ed25519.toJdkPrivateKey(otherSeed));
        assertThatThrownBy(() -> InviteTokens.verify(forged,
                Ed25519.toJdkPublicKey(Base64.getDecoder().decode(Vectors.publicKeyBase64()))))
                .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
    }

    @Test
    void ourTokensCarryExpAndJtiAndAnExpiredOneStillVerifiesButReportsExpiry() {
        InviteClaims ours = new InviteClaims(claims.get("swarm_id").asText(), "alice", "https://a.example/swarm",
                1_700_000_000L, "2023-11-15T00:00:00.000Z", null, "jti-1");
        String token = InviteTokens.issue(ours, Ed25519.toJdkPrivateKey(Vectors.seed()));
        assertThat(InviteTokens.readUnverified(token)).isEqualTo(ours);
        InviteClaims verified = InviteTokens.verify(token,
                Ed25519.toJdkPublicKey(Base64.getDecoder().decode(Vectors.publicKeyBase64())));
        assertThat(verified.isExpiredAt(Instant.now())).isTrue();
    }

    @Test
    void expiredTokenSignedByAnotherKeyIsInvalidTokenNotExpired() {
        byte[] otherSeed = Vectors.seed().clone();
        otherSeed[9] ^= 1;
        InviteClaims expired = new InviteClaims(claims.get("swarm_id").asText(), "alice", "https://a.example/swarm",
                1_700_000_000L, "2023-11-15T00:00:00.000Z", null, "jti-2");
        String forged = InviteTokens.issue(expired, Ed25519.toJdkPrivateKey(otherSeed));
        assertThatThrownBy(() -> InviteTokens.verify(forged,
                Ed25519.toJdkPublicKey(Base64.getDecoder().decode(Vectors.publicKeyBase64()))))
                .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
    }

    @Test
    void inviteUrlWhoseSwarmDiffersFromItsTokenIsRefused() {
        String url = vector.get("invite_url").asText().replace("swarm://660e8400", "swarm://770e8400");
        assertThatThrownBy(() -> InviteUrl.parse(url))
                .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
    }

    @Test
    void textThatIsNotAJwtIsInvalidToken() {
        for (String bad : new String[] {"", "abc", "a.b", "a.b.c.d", "x!.y.z"}) {
            assertThatThrownBy(() -> InviteTokens.readUnverified(bad))
                    .isInstanceOfSatisfying(SwarmException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
        }
    }
}
