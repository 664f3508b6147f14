package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.membership.KeyRotation;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.state.InboxStatus;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm rotate-key} end to end, real nodes over TLS: bob rotates while a message to alice (the
 * master, down at the time) is still in his outbox; alice learns the new key from bob's own signed
 * statement and takes both the message in flight and what bob signs afterwards.
 */
class KeyRotationTest {
    @TempDir
    Path dir;

    private TestNode alice;
    private TestNode bob;

    @AfterEach
    void tearDown() {
        bob.close();
        alice.close();
    }

    @Test
    void aRotationIsAnnouncedAppliedAndNothingInFlightIsRefused() throws Exception {
        alice = TestNode.start(dir, "alice");
        bob = TestNode.start(dir, "bob");
        Swarm swarm = alice.node().swarms().create("build-team", false);
        bob.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
        String oldKey = bob.identity().publicKeyBase64();
        alice.stop();
        bob.node().messages().send(SendRequest.text(swarm.swarmId(), "alice", "in flight"), Duration.ofMillis(200));
        bob.stop();

        KeyRotation.Result rotated;
        try (SwarmNode offline = SwarmNode.open(bob.home(), bob.identity(), NodeOptions.DEFAULTS
                .withClient(TestNode.clientConfig()))) {
            assertThat(offline.keyRotation().plan().swarms()).singleElement()
                    .satisfies(plan -> assertThat(plan.olderPeers()).isEmpty());
            rotated = offline.keyRotation().rotate(Duration.ZERO);
        }
        assertThat(rotated.resigned()).isEqualTo(1);
        assertThat(Files.getPosixFilePermissions(bob.home().keyFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.exists(bob.home().nextKeyFile())).isFalse();
        bob.reloadKey();
        assertThat(bob.identity().publicKeyBase64()).isEqualTo(rotated.newPublicKey()).isNotEqualTo(oldKey);

        alice.startServer();
        bob.startServer();

        await("alice applies bob's rotation and stores the message in flight").atMost(Duration.ofSeconds(30))
                .until(() -> keyAtAlice(swarm).equals(rotated.newPublicKey()) && contents(alice).contains("in flight"));
        String after = bob.node().messages().send(SendRequest.text(swarm.swarmId(), "alice", "signed with the new key"),
                Duration.ofSeconds(5)).messageId();
        await("alice takes what bob signs with the new key").atMost(Duration.ofSeconds(20))
                .until(() -> contents(alice).contains("signed with the new key"));
        assertThat(after).isNotBlank();
        int pending = bob.node().database().read(store -> store.outbox().pending().size());
        assertThat(pending).as("nothing of bob's left behind").isZero();
        List<Long> failed = bob.node().database().read(store -> store.outbox().idsWithStatus("failed"));
        assertThat(failed).as("nothing of bob's refused").isEmpty();
    }

    @Test
    void aRotationIsRefusedWhileSwarmServeRuns() {
        alice = TestNode.start(dir, "alice");
        bob = TestNode.start(dir, "bob");

        assertThatThrownBy(() -> bob.node().keyRotation().rotate(Duration.ZERO))
                .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(Files.exists(bob.home().nextKeyFile())).isFalse();
    }

    private String keyAtAlice(Swarm swarm) {
        return alice.node().database().read(store -> store.members().find(swarm.swarmId(), "bob"))
                .map(Member::publicKey).orElse("");
    }

    private static List<String> contents(TestNode node) {
        return node.node().inbox().list(null, EnumSet.allOf(InboxStatus.class), 1000, false).stream()
                .map(MessageView::content).toList();
    }
}
