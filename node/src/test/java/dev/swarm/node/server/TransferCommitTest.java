package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.crypto.SignedStatement;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.membership.SystemMessage;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.ScriptedPeer;
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
 * A transfer the old master was told failed can never take effect. Real nodes over TLS: maria is the
 * master, alice a member who joined; carol is a member whose node (a {@link ScriptedPeer}) answers the
 * transfer request with 500, keeps the signed request, and later announces herself as master.
 */
class TransferCommitTest {
    @TempDir
    Path dir;

    private final RawClient client = new RawClient();
    private final FakePeer carol = FakePeer.named("carol");
    private final ScriptedPeer carolsNode = new ScriptedPeer();
    private TestNode maria;
    private TestNode alice;
    private Swarm swarm;

    @BeforeEach
    void setUp() {
        maria = TestNode.startAllowingLoopbackHttp(dir, "maria");
        alice = TestNode.start(dir, "alice");
        swarm = maria.node().swarms().create("build-team", false);
        alice.node().joins().join(maria.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
        Member carolMember = new Member(swarm.swarmId(), "carol", carolsNode.endpoint(), carol.publicKey(),
                List.of(ProtocolVersion.ENVELOPE_SIGNATURE_V1), Timestamps.format(Instant.now()));
        for (TestNode node : List.of(maria, alice)) {
            node.node().database().write(store -> {
                store.members().upsert(carolMember);
                return null;
            });
        }
        carolsNode.info(Json.toText(Json.mapper().createObjectNode().put("agent_id", "carol")
                .put("endpoint", carolsNode.endpoint()).put("public_key", carol.publicKey())
                .put("protocol_version", "0.1.0").putNull("metadata").set("capabilities", Json.mapper()
                        .createArrayNode().add(ProtocolVersion.ENVELOPE_SIGNATURE_V1)
                        .add(ProtocolVersion.MASTER_COMMIT_V1))));
    }

    @AfterEach
    void tearDown() {
        client.close();
        carolsNode.close();
        alice.close();
        maria.close();
    }

    @Test
    void aTargetThatAnswered500AndKeptTheRequestCannotBecomeMasterLater() {
        carolsNode.answer(request -> ScriptedPeer.Answer.error(500, "INTERNAL_ERROR"));

        assertThatThrownBy(() -> maria.node().transfers().transfer(swarm, "carol")).isInstanceOf(SwarmException.class);

        ObjectNode kept = (ObjectNode) Json.readTree(carolsNode.received().get(0).body());
        assertThat(SystemMessage.parse(kept.get("content").asText()).action()).isEqualTo("master_transfer");
        assertThat(maria.dump().rows("outbox")).as("no commit was signed or queued").isEmpty();

        // carol announces the transfer with the genuine request as proof, as the new master used to
        ObjectNode claim = SystemMessage.body(SystemMessage.MASTER_CHANGED, "carol").put("swarm_id", swarm.swarmId())
                .put("old_master", "maria").put("new_master", "carol");
        claim.set("transfer", kept);
        // and once more with a commit she signed herself
        ObjectNode forged = claim.deepCopy();
        ObjectNode commit = Json.mapper().createObjectNode().put("statement", "master-transfer-commit-v1")
                .put("swarm_id", swarm.swarmId()).put("old_master", "maria").put("new_master", "carol")
                .put("transfer_id", kept.get("message_id").asText())
                .put("committed_at", Timestamps.format(Instant.now()));
        forged.set("commit", commit);
        forged.put("commit_signature", SignedStatement.sign(Ed25519.privateKey(carol.seed()), commit));
        for (ObjectNode content : List.of(claim, forged)) {
            for (TestNode node : List.of(maria, alice)) {
                ObjectNode announcement = WireMessages.withEnvelopeSignature(carol.system(swarm.swarmId(), content),
                        carol.seed());
                RawClient.Answer answer = client.post(node.endpoint() + "/message", WireMessages.bytes(announcement));
                ProtocolErrors.assertError(answer, 403, "NOT_AUTHORIZED");
            }
        }

        for (TestNode node : List.of(maria, alice)) {
            assertThat(master(node)).as("the master as %s sees it", node.agentId()).isEqualTo("maria");
        }
    }

    @Test
    void aTransferTheTargetAcceptedTakesEffectEverywhereWithTheOldMastersCommit() {
        maria.node().transfers().transfer(swarm, "alice");

        assertThat(master(maria)).isEqualTo("alice");
        await("alice is master once the commit arrives").atMost(Duration.ofSeconds(20))
                .until(() -> master(alice).equals("alice"));
        assertThat(maria.dump().rows("outbox")).extracting(row -> row.get("recipient_id"))
                .as("the commit goes to every other member, the new master included")
                .containsExactlyInAnyOrder("alice", "carol");
    }

    private String master(TestNode node) {
        return node.node().database().read(store -> store.swarms().find(swarm.swarmId())).orElseThrow().master();
    }
}
