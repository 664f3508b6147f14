package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.config.Setting;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.state.WakeLogEntry;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import dev.swarm.node.wake.WakeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The priority a wake acts on is the sender's only where a signature covers it: a message signed the
 * legacy way only (an older peer, or anyone who could change the unsigned field) counts as normal
 * whatever its {@code priority} says; with a full-envelope signature {@code high} is urgent and
 * {@code low} wakes nobody. Alice's node wakes with a command that always succeeds.
 */
class UnverifiedPriorityTest {
    @TempDir
    Path dir;

    private TestNode alice;
    private RawClient client;
    private Swarm swarm;
    private final FakePeer bob = FakePeer.named("bob");

    @BeforeEach
    void setUp() {
        Map<Setting, String> wake = Map.of(Setting.WAKE_METHOD, "command", Setting.WAKE_COMMAND, "true",
                Setting.WAKE_WINDOW, "0", Setting.WAKE_INTERVAL, "0");
        alice = TestNode.start(dir, "alice", NodeOptions.DEFAULTS.withWake(WakeConfig.from(s -> wake.getOrDefault(s,
                s.defaultValue()))));
        client = new RawClient();
        swarm = alice.node().swarms().create("build-team", false);
        alice.node().database().write(store -> {
            store.members().upsert(bob.memberOf(swarm.swarmId()));
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    @Test
    void aLegacySignedHighIsNotUrgentAndALegacySignedLowStillWakes() {
        assertThat(levelOf(withPriority("high", false))).isEqualTo("normal");
        assertThat(levelOf(withPriority("low", false))).as("an unverified low does not hide it").isEqualTo("normal");
    }

    @Test
    void underAFullEnvelopeSignatureHighIsUrgentAndLowWakesNobody() {
        assertThat(levelOf(withPriority("high", true))).isEqualTo("urgent");
        ObjectNode low = withPriority("low", true);
        WakeLogEntry skipped = entryOf(low);
        assertThat(skipped.outcome()).isEqualTo("skipped");
        assertThat(skipped.reason()).isEqualTo("low priority: read on request");
    }

    private ObjectNode withPriority(String priority, boolean fullSignature) {
        ObjectNode envelope = bob.message(swarm.swarmId(), "alice", priority + " news");
        envelope.put("priority", priority);
        return fullSignature ? WireMessages.withEnvelopeSignature(envelope, bob.seed()) : envelope;
    }

    private String levelOf(ObjectNode envelope) {
        WakeLogEntry entry = entryOf(envelope);
        assertThat(entry.outcome()).isEqualTo("typed");
        return entry.level();
    }

    private WakeLogEntry entryOf(ObjectNode envelope) {
        assertThat(client.post(alice.endpoint() + "/message", WireMessages.bytes(envelope)).status()).isEqualTo(200);
        String id = envelope.get("message_id").asText();
        return await("alice's node judges " + id).atMost(Duration.ofSeconds(20)).until(() ->
                alice.node().database().read(store -> store.wakeLog().recent(100)).stream()
                        .filter(e -> e.messageIds().contains(id)).findFirst().orElse(null), e -> e != null);
    }
}
