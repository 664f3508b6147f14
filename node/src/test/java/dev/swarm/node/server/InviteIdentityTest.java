package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.invite.InviteTokens;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Invite;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import io.jsonwebtoken.Jwts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invites are identified by what was signed, never by the token's spelling, and tokens without a
 * {@code jti} (older masters, the reference's format) are counted, expire and can be revoked like ours.
 * A real master (alice) over TLS; joiners post raw join requests.
 */
class InviteIdentityTest {
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @TempDir
    Path dir;

    private final RawClient client = new RawClient();
    private TestNode alice;
    private Swarm swarm;

    @BeforeEach
    void setUp() {
        alice = TestNode.start(dir, "alice");
        swarm = alice.node().swarms().create("build-team", false);
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    @Test
    void theSixteenSpellingsOfOneSignatureAreOneSingleUseInvite() {
        String token = referenceToken(Map.of("max_uses", 1));
        List<String> spellings = spellings(token);
        assertThat(spellings).hasSize(16).doesNotHaveDuplicates()
                .allSatisfy(spelling -> assertThat(InviteTokens.contentId(spelling))
                        .isEqualTo(InviteTokens.contentId(token)));

        assertThat(post(spellings.get(0), FakePeer.named("bob")).status()).isEqualTo(200);
        for (int i = 1; i < spellings.size(); i++) {
            assertRefusedAndNothingChanged(spellings.get(i), FakePeer.named("m" + i), 401, "TOKEN_EXHAUSTED");
        }

        assertThat(invites()).singleElement().satisfies(invite -> {
            assertThat(invite.uses()).isEqualTo(1);
            assertThat(invite.maxUses()).isEqualTo(1);
        });
    }

    @Test
    void aTokenWithoutJtiExpiresByExpiresAtOrByExp() {
        String byExpiresAt = referenceToken(Map.of("expires_at",
                Timestamps.format(Instant.now().minus(Duration.ofMinutes(1)))));
        String byExp = referenceToken(Map.of("exp", Instant.now().minus(Duration.ofMinutes(1)).getEpochSecond()));

        assertRefusedAndNothingChanged(byExpiresAt, FakePeer.named("bob"), 401, "TOKEN_EXPIRED");
        assertRefusedAndNothingChanged(byExp, FakePeer.named("carol"), 401, "TOKEN_EXPIRED");
    }

    @Test
    void aTokenWithoutJtiIsRecordedOnFirstUseAndCanBeRevokedUnderAnySpelling() {
        String token = referenceToken(Map.of());
        assertThat(post(token, FakePeer.named("bob")).status()).isEqualTo(200);
        Invite recorded = invites().get(0);
        assertThat(recorded.inviteId()).isEqualTo(InviteTokens.contentId(token));

        alice.node().invites().revoke(recorded.inviteId());

        for (String spelling : spellings(token)) {
            assertRefusedAndNothingChanged(spelling, FakePeer.named("carol"), 400, "INVALID_TOKEN");
        }
    }

    /** A token as the reference's master issues it: no jti, signed with alice's key, extra claims added. */
    private String referenceToken(Map<String, Object> extra) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("swarm_id", swarm.swarmId());
        claims.put("master", "alice");
        claims.put("endpoint", alice.endpoint());
        claims.put("iat", Instant.now().getEpochSecond());
        claims.putAll(extra);
        return Jwts.builder().header().add("alg", "EdDSA").add("typ", "JWT").and().claims(claims)
                .signWith(Ed25519.toJdkPrivateKey(alice.seed()), Jwts.SIG.EdDSA).compact();
    }

    /** Every spelling of the token's signature segment: its last character carries 4 bits nobody reads. */
    private static List<String> spellings(String token) {
        int last = token.length() - 1;
        int value = BASE64URL.indexOf(token.charAt(last));
        List<String> all = new ArrayList<>();
        for (int low = 0; low < 16; low++) {
            all.add(token.substring(0, last) + BASE64URL.charAt((value & 0b110000) | low));
        }
        return all;
    }

    private List<Invite> invites() {
        return alice.node().database().read(store -> store.invites().list(swarm.swarmId()));
    }

    private RawClient.Answer post(String token, FakePeer joiner) {
        return client.post(alice.endpoint() + "/join", Json.toBytes(joiner.joinRequest(token)));
    }

    private void assertRefusedAndNothingChanged(String token, FakePeer joiner, int status, String code) {
        DbDump before = alice.dump();
        ProtocolErrors.assertError(post(token, joiner), status, code);
        assertThat(alice.dump()).as("database after the refusal").isEqualTo(before);
    }
}
