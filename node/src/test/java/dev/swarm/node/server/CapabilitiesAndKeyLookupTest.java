package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.membership.SystemMessage;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes over TLS: capabilities travel with joins and announcements (so a member is known to sign
 * whole envelopes before its first message arrives), and a {@code member_joined} without a key, as an
 * older master sends it, is followed by a lookup of the new member's {@code /info}.
 */
class CapabilitiesAndKeyLookupTest {
    private static final List<String> OURS = dev.swarm.node.SwarmNode.CAPABILITIES;
    private static final Duration LOOKUP = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void everyNodeRecordsTheCapabilitiesOfEveryMemberFromJoinsAndAnnouncements() {
        try (TestNode alice = TestNode.start(dir, "alice"); TestNode bob = TestNode.start(dir, "bob");
             TestNode carol = TestNode.start(dir, "carol"); RawClient raw = new RawClient()) {
            assertThat(raw.get(alice.endpoint() + "/info").json().get("capabilities").get(0).asText())
                    .isEqualTo(ProtocolVersion.ENVELOPE_SIGNATURE_V1);
            Swarm swarm = alice.node().swarms().create("build-team", false);
            String invite = alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString();

            bob.node().joins().join(invite);
            carol.node().joins().join(invite);

            assertThat(capabilities(alice, swarm)).isEqualTo(Map.of("alice", OURS, "bob", OURS, "carol", OURS));
            assertThat(capabilities(carol, swarm)).as("from the join answer")
                    .isEqualTo(Map.of("alice", OURS, "bob", OURS, "carol", OURS));
            await("bob hears that carol joined").atMost(LOOKUP).untilAsserted(() ->
                    assertThat(capabilities(bob, swarm)).as("from member_joined")
                            .isEqualTo(Map.of("alice", OURS, "bob", OURS, "carol", OURS)));
        }
    }

    @Test
    void memberJoinedWithoutAKeyFromTheMasterAddsTheMemberWithTheKeyItsInfoGives() {
        FakePeer maria = FakePeer.named("maria");
        try (TestNode alice = TestNode.start(dir, "alice"); TestNode carol = TestNode.start(dir, "carol");
             RawClient raw = new RawClient()) {
            Swarm swarm = mariasSwarm(alice, maria);

            RawClient.Answer answer = raw.post(alice.endpoint() + "/message", WireMessages.bytes(
                    maria.system(swarm.swarmId(), keyless(swarm, "carol", carol.endpoint()))));

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            await("alice asks carol who she is").atMost(LOOKUP).untilAsserted(() ->
                    assertThat(keys(alice, swarm)).containsEntry("carol", carol.identity().publicKeyBase64()));
            Member learnt = alice.node().database().read(store -> store.members().find(swarm.swarmId(), "carol"))
                    .orElseThrow();
            assertThat(learnt.endpoint()).isEqualTo(carol.endpoint());
            assertThat(learnt.capabilities()).isEqualTo(OURS);
            // and carol can now be heard
            RawClient.Answer fromCarol = raw.post(alice.endpoint() + "/message", WireMessages.bytes(
                    WireMessages.withEnvelopeSignature(WireMessages.signed(carol.seed(), "carol", carol.endpoint(),
                            swarm.swarmId(), "broadcast", "message", "hello from carol"), carol.seed())));
            assertThat(fromCarol.status()).as(fromCarol.body()).isEqualTo(200);
        }
    }

    @Test
    void memberJoinedWithoutAKeyWhoseInfoNamesAnotherAgentAddsNobody() {
        FakePeer maria = FakePeer.named("maria");
        try (TestNode alice = TestNode.start(dir, "alice"); TestNode carol = TestNode.start(dir, "carol");
             RawClient raw = new RawClient()) {
            Swarm swarm = mariasSwarm(alice, maria);

            // "dave" is announced at carol's endpoint; carol's /info says she is carol
            RawClient.Answer answer = raw.post(alice.endpoint() + "/message", WireMessages.bytes(
                    maria.system(swarm.swarmId(), keyless(swarm, "dave", carol.endpoint()))));

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            await("the lookup has had its chance").during(Duration.ofSeconds(2)).atMost(LOOKUP)
                    .until(() -> !keys(alice, swarm).containsKey("dave") && !keys(alice, swarm).containsKey("carol"));
            assertThat(keys(alice, swarm)).containsOnlyKeys("maria", "alice");
        }
    }

    /** A swarm alice is an ordinary member of; its master maria exists only as a key (an older peer). */
    private static Swarm mariasSwarm(TestNode alice, FakePeer maria) {
        String now = Timestamps.format(Instant.now());
        Swarm swarm = new Swarm(UUID.randomUUID().toString(), "their-team", maria.agentId(), Swarm.ACTIVE, false, now,
                now);
        alice.node().database().write(store -> {
            store.swarms().insert(swarm);
            store.members().upsert(maria.memberOf(swarm.swarmId()));
            store.members().upsert(new Member(swarm.swarmId(), "alice", alice.endpoint(),
                    alice.identity().publicKeyBase64(), OURS, now));
            return null;
        });
        return swarm;
    }

    /** {@code member_joined} as an older master writes it: no public_key. */
    private static ObjectNode keyless(Swarm swarm, String agentId, String endpoint) {
        return SystemMessage.body(SystemMessage.MEMBER_JOINED, agentId).put("swarm_id", swarm.swarmId())
                .put("endpoint", endpoint).put("joined_at", Timestamps.format(Instant.now()));
    }

    private static Map<String, List<String>> capabilities(TestNode node, Swarm swarm) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        node.node().database().read(store -> store.members().list(swarm.swarmId()))
                .forEach(member -> result.put(member.agentId(), member.capabilities()));
        return result;
    }

    private static Map<String, String> keys(TestNode node, Swarm swarm) {
        Map<String, String> result = new LinkedHashMap<>();
        node.node().database().read(store -> store.members().list(swarm.swarmId()))
                .forEach(member -> result.put(member.agentId(), member.publicKey()));
        return result;
    }
}
