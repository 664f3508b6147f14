package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.IdentityStore;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.membership.InviteService;
import dev.swarm.node.membership.SystemMessage;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a returning or removed agent gets from a real master (alice) over TLS: a dead token plus a
 * member's (public) id and key buys nothing, a kicked member stays out until readmitted, and the
 * reserved name {@code broadcast} is no agent's.
 */
class RejoinTest {
    @TempDir
    Path dir;

    private final RawClient client = new RawClient();
    private final FakePeer bob = FakePeer.named("bob");
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
    void aUsedUpTokenWithAMembersIdAndKeyDoesNotReturnTheMemberListWithoutAProofOfTheKey() {
        String token = issue(1);
        assertThat(post(joinRequest(token, bob)).status()).isEqualTo(200);

        // anyone knows bob's id and key; the used-up token does not make them bob
        assertRefusedAndNothingChanged(joinRequest(token, bob), 401, "TOKEN_EXHAUSTED");

        ObjectNode proven = joinRequest(token, bob);
        proven.put("key_proof", JoinKeyOwnershipTest.proof(bob, proven));
        RawClient.Answer answer = post(proven);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("members")).hasSize(2);
    }

    @Test
    void anExpiredTokenWithAMembersIdAndKeyDoesNotReturnTheMemberListWithoutAProofOfTheKey() {
        assertThat(post(joinRequest(issue(null), bob)).status()).isEqualTo(200);
        String expired = expiredToken();

        assertRefusedAndNothingChanged(joinRequest(expired, bob), 401, "TOKEN_EXPIRED");

        ObjectNode proven = joinRequest(expired, bob);
        proven.put("key_proof", JoinKeyOwnershipTest.proof(bob, proven));
        RawClient.Answer answer = post(proven);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void aKickedMemberStaysOutUntilTheMasterLetsItBackIn() {
        assertThat(post(joinRequest(issue(null), bob)).status()).isEqualTo(200);
        alice.node().lifecycle().kick(swarm, "bob", "spam", Duration.ZERO);
        String fresh = issue(null);

        assertRefusedAndNothingChanged(joinRequest(fresh, bob), 403, "NOT_AUTHORIZED");
        // nor under another id with the same key, nor under the same id with a new key
        assertRefusedAndNothingChanged(joinRequest(fresh, "bob2", bob.publicKey()), 403, "NOT_AUTHORIZED");
        assertRefusedAndNothingChanged(joinRequest(fresh, bob.withNewKey()), 403, "NOT_AUTHORIZED");

        alice.node().lifecycle().readmit(swarm, "bob");

        RawClient.Answer back = post(joinRequest(fresh, bob));
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(members()).contains("bob");
    }

    @Test
    void readmittingAnAgentThatWasNeverRemovedIsRefused() {
        assertThatThrownBy(() -> alice.node().lifecycle().readmit(swarm, "carol"))
                .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.MEMBER_NOT_FOUND));
    }

    @Test
    void theReservedNameBroadcastIsRefusedAtInitJoinAndInAnnouncements() {
        assertThatThrownBy(() -> IdentityStore.init(new SwarmHome(dir.resolve("b")), "broadcast",
                "https://b.example/swarm", false, new EndpointPolicy(false)))
                .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT));

        assertRefusedAndNothingChanged(joinRequest(issue(null), "broadcast", bob.publicKey()), 400, "INVALID_FORMAT");

        // a master announcing a member called broadcast, to a member of its swarm
        FakePeer maria = FakePeer.named("maria");
        String theirs = maria.masterSwarmWith(alice);
        String now = Timestamps.format(Instant.now());
        ObjectNode joined = SystemMessage.body(SystemMessage.MEMBER_JOINED, "broadcast").put("swarm_id", theirs)
                .put("endpoint", "https://b.example/swarm").put("public_key", bob.publicKey()).put("joined_at", now);
        DbDump before = alice.dump();
        ProtocolErrors.assertError(client.post(alice.endpoint() + "/message",
                WireMessages.bytes(maria.system(theirs, joined))), 400, "INVALID_FORMAT");
        assertThat(alice.dump()).isEqualTo(before);
    }

    private String expiredToken() {
        return dev.swarm.node.invite.InviteTokens.issue(new dev.swarm.node.invite.InviteClaims(swarm.swarmId(),
                "alice", alice.endpoint(), Instant.now().minus(Duration.ofHours(2)).getEpochSecond(),
                Timestamps.format(Instant.now().minus(Duration.ofMinutes(1))), null,
                java.util.UUID.randomUUID().toString()), dev.swarm.node.crypto.Ed25519.toJdkPrivateKey(alice.seed()));
    }

    private String issue(Integer maxUses) {
        InviteService.Issued issued = alice.node().invites().issue(swarm, Duration.ofHours(1), maxUses);
        return issued.url().token();
    }

    private List<String> members() {
        return alice.node().database().read(store -> store.members().list(swarm.swarmId())).stream()
                .map(Member::agentId).toList();
    }

    private static ObjectNode joinRequest(String token, FakePeer joiner) {
        return joiner.joinRequest(token);
    }

    private static ObjectNode joinRequest(String token, String agentId, String publicKey) {
        return FakePeer.joinRequest(token, agentId, "https://" + agentId + ".example/swarm", publicKey);
    }

    private RawClient.Answer post(ObjectNode request) {
        return client.post(alice.endpoint() + "/join", Json.toBytes(request));
    }

    /** Checks the refusal and that no membership table changed (the outbox may be retrying a kick). */
    private void assertRefusedAndNothingChanged(ObjectNode request, int status, String code) {
        DbDump before = alice.dump();
        ProtocolErrors.assertError(post(request), status, code);
        DbDump after = alice.dump();
        for (String table : List.of("swarms", "members", "invites", "join_requests", "removed_members")) {
            assertThat(after.rows(table)).as("%s after the refusal", table).isEqualTo(before.rows(table));
        }
    }
}
