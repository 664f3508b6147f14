package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.crypto.SignedStatement;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One public key belongs to one member of a swarm, and a joiner proves it holds the key it joins with
 * ({@code key_proof}, our extension). Real nodes over TLS: maria is the master, alice joined as our
 * nodes do; the others post raw join requests.
 */
class JoinKeyOwnershipTest {
    @TempDir
    Path dir;

    private final RawClient client = new RawClient();
    private TestNode maria;
    private TestNode alice;
    private Swarm swarm;
    private String token;

    @BeforeEach
    void setUp() {
        maria = TestNode.start(dir, "maria");
        alice = TestNode.start(dir, "alice");
        swarm = maria.node().swarms().create("build-team", false);
        token = maria.node().invites().issue(swarm, Duration.ofHours(1), null).url().token();
        alice.node().joins().join(maria.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
        maria.close();
    }

    @Test
    void ourNodeJoinsWithAProofOfItsKey() {
        Member stored = maria.node().database().read(store -> store.members().find(swarm.swarmId(), "alice"))
                .orElseThrow();
        assertThat(stored.publicKey()).isEqualTo(alice.identity().publicKeyBase64());
        // alice announced our capability, which is only accepted together with a proof
        assertThat(stored.capabilities()).contains(ProtocolVersion.ENVELOPE_SIGNATURE_V1);
    }

    @Test
    void aJoinWithAnotherMembersKeyIsRefusedEvenFromAnOlderPeerThatCannotSign() {
        // mallory2 claims alice's (public) key, announces no capabilities and sends no proof, as an older peer
        ObjectNode request = joinRequest("mallory2", "https://mallory.example/swarm",
                alice.identity().publicKeyBase64());

        assertRefusedAndNothingChanged(request, 403, "NOT_AUTHORIZED");

        assertThat(memberIds()).containsExactlyInAnyOrder("maria", "alice");
    }

    @Test
    void aJoinerThatAnnouncesOurCapabilityMustProveItsKey() {
        FakePeer bob = FakePeer.named("bob");
        ObjectNode request = joinRequest(bob);
        ((ObjectNode) request.get("sender")).set("capabilities", capabilities());

        assertRefusedAndNothingChanged(request, 401, "INVALID_SIGNATURE");

        request.put("key_proof", proof(bob, request));
        RawClient.Answer answer = post(request);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(memberIds()).contains("bob");
    }

    @Test
    void aProofMadeWithAnotherKeyOrOverOtherFieldsIsRefused() {
        FakePeer bob = FakePeer.named("bob");
        ObjectNode request = joinRequest(bob);
        request.put("key_proof", proof(FakePeer.named("bob"), request));
        assertRefusedAndNothingChanged(request, 401, "INVALID_SIGNATURE");

        ObjectNode redirected = joinRequest(bob);
        redirected.put("key_proof", proof(bob, redirected));
        ((ObjectNode) redirected.get("sender")).put("endpoint", "https://elsewhere.example/swarm");
        assertRefusedAndNothingChanged(redirected, 401, "INVALID_SIGNATURE");
    }

    @Test
    void anOlderPeerThatSendsNoProofWithItsOwnKeyStillJoins() {
        RawClient.Answer answer = post(joinRequest(FakePeer.named("carol")));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(memberIds()).contains("carol");
    }

    @Test
    void theSchemaRefusesASecondMemberWithTheSameKey() {
        Member copy = new Member(swarm.swarmId(), "mallory2", "https://mallory.example/swarm",
                alice.identity().publicKeyBase64(), List.of(), "2026-01-01T00:00:00.000Z");

        assertThatThrownBy(() -> maria.node().database().write(store -> {
            store.members().upsert(copy);
            return null;
        })).hasMessageContaining("public key belongs to another member");
    }

    private ObjectNode joinRequest(FakePeer joiner) {
        return joinRequest(joiner.agentId(), joiner.endpoint(), joiner.publicKey());
    }

    private ObjectNode joinRequest(String agentId, String endpoint, String publicKey) {
        return FakePeer.joinRequest(token, agentId, endpoint, publicKey);
    }

    /** The documented recipe: Ed25519 over the JCS form of the join-key-proof-v1 statement. */
    static String proof(FakePeer signer, ObjectNode request) {
        ObjectNode sender = (ObjectNode) request.get("sender");
        ObjectNode statement = Json.mapper().createObjectNode();
        statement.put("statement", "join-key-proof-v1");
        statement.put("invite_token", request.get("invite_token").asText());
        statement.put("agent_id", sender.get("agent_id").asText());
        statement.put("endpoint", sender.get("endpoint").asText());
        statement.put("public_key", sender.get("public_key").asText());
        return SignedStatement.sign(Ed25519.privateKey(signer.seed()), statement);
    }

    private static ArrayNode capabilities() {
        return Json.mapper().createArrayNode().add(ProtocolVersion.ENVELOPE_SIGNATURE_V1);
    }

    private List<String> memberIds() {
        return maria.node().database().read(store -> store.members().list(swarm.swarmId())).stream()
                .map(Member::agentId).toList();
    }

    private RawClient.Answer post(ObjectNode request) {
        return client.post(maria.endpoint() + "/join", Json.toBytes(request));
    }

    private void assertRefusedAndNothingChanged(ObjectNode request, int status, String code) {
        DbDump before = maria.dump();
        ProtocolErrors.assertError(post(request), status, code);
        assertThat(maria.dump()).as("database after the refusal").isEqualTo(before);
    }
}
