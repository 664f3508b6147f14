package dev.swarm.node.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.ProbeRequest;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /swarm/probe} from the prober's side: a member's signed request is answered by calling
 * the member back; anything else is refused with its code before any call is made, both directions
 * held to the schemas.
 */
class ProbeResponderTest {
    @TempDir
    Path dir;

    private static ObjectNode request(TestNode from, String swarmId, String endpoint, Instant at, byte[] seed) {
        return ProbeRequest.signed(swarmId, from.agentId(), endpoint, UUID.randomUUID().toString(),
                Timestamps.format(at), Ed25519.privateKey(seed));
    }

    @Test
    void aMemberIsCalledBackAndAnythingElseIsRefused() {
        try (TestNode alice = TestNode.start(dir, "alice"); TestNode bob = TestNode.start(dir, "bob");
             RawClient raw = new RawClient()) {
            Swarm swarm = alice.node().swarms().create("team", false);
            bob.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
            String url = alice.endpoint() + "/probe";

            ObjectNode good = request(bob, swarm.swarmId(), bob.endpoint(), Instant.now(), bob.seed());
            Schemas.assertValid("probe-request.schema.json", good.toString());
            RawClient.Answer answer = raw.post(url, good.toString());
            assertThat(answer.status()).isEqualTo(200);
            Schemas.assertValid("probe-answer.schema.json", answer.body());
            assertThat(answer.json().path("reachable").asBoolean()).isTrue();
            assertThat(answer.json().path("answered_as").asText()).isEqualTo("bob");
            assertThat(answer.json().path("prober").asText()).isEqualTo("alice");

            assertThat(raw.post(url, request(bob, swarm.swarmId(), bob.endpoint(), Instant.now(), bob.seed()).toString())
                    .errorCode()).as("one probe per member per ten seconds").isEqualTo("RATE_LIMITED");
            assertThat(raw.post(url, request(bob, swarm.swarmId(), "https://victim.example/swarm", Instant.now(),
                    bob.seed()).toString()).errorCode()).as("never an address from the request").isEqualTo("INVALID_FORMAT");
            byte[] stranger = Ed25519.newSeed(new SecureRandom());
            assertThat(raw.post(url, request(bob, swarm.swarmId(), bob.endpoint(), Instant.now(), stranger).toString())
                    .errorCode()).as("another key").isEqualTo("INVALID_SIGNATURE");
            assertThat(raw.post(url, request(bob, swarm.swarmId(), bob.endpoint(), Instant.now().minus(Duration.ofHours(1)),
                    bob.seed()).toString()).errorCode()).as("a replay an hour later").isEqualTo("INVALID_FORMAT");
            assertThat(raw.post(url, request(bob, UUID.randomUUID().toString(), bob.endpoint(), Instant.now(), bob.seed())
                    .toString()).errorCode()).isEqualTo("SWARM_NOT_FOUND");
            ObjectNode forged = request(bob, swarm.swarmId(), bob.endpoint(), Instant.now(), bob.seed());
            forged.put("agent_id", "mallory");
            assertThat(raw.post(url, forged.toString()).errorCode()).isEqualTo("NOT_MEMBER");
            assertThat(raw.post(url, "{\"swarm_id\": 1}").errorCode()).isEqualTo("INVALID_FORMAT");
            Schemas.assertValid("error.schema.json", raw.post(url, "[]").body());
            Schemas.assertInvalid("probe-answer.schema.json", Json.toText(java.util.Map.of("prober", "alice", "nonce",
                    UUID.randomUUID().toString(), "endpoint", bob.endpoint(), "reachable", false, "elapsed_ms", 3,
                    "checked_at", Timestamps.format(Instant.now()))));
        }
    }
}
