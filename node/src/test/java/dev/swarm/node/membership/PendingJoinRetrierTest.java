package dev.swarm.node.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.state.Member;
import dev.swarm.node.state.PendingJoin;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingJoinRetrierTest {
    @TempDir
    Path dir;

    private TestNode alice;
    private TestNode bob;
    private Swarm swarm;
    private PendingJoinRetrier retrier;

    @BeforeEach
    void setUp() {
        alice = TestNode.start(dir, "alice");
        bob = TestNode.start(dir, "bob");
        swarm = alice.node().swarms().create("reviewed", true);
        String invite = alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString();
        assertThat(bob.node().joins().join(invite).status()).isEqualTo("pending");
        retrier = new PendingJoinRetrier(bob.node().database(), bob.node().joins());
    }

    @AfterEach
    void tearDown() {
        retrier.close();
        bob.close();
        alice.close();
    }

    private Optional<PendingJoin> waiting() {
        return bob.node().database().read(store -> store.pendingJoins().find(swarm.swarmId()));
    }

    private Optional<Swarm> swarmAtBob() {
        return bob.node().database().read(store -> store.swarms().find(swarm.swarmId()));
    }

    @Test
    void aJoinApprovedMeanwhileCompletesOnTheNextRetry() {
        retrier.retryAll();
        assertThat(waiting()).isPresent();

        alice.node().approvals().approve(swarm, "bob");
        retrier.retryAll();

        assertThat(waiting()).isEmpty();
        List<Member> members = bob.node().database().read(store -> store.members().list(swarm.swarmId()));
        assertThat(members).extracting(Member::agentId).containsExactlyInAnyOrder("alice", "bob");
        assertThat(swarmAtBob()).get().satisfies(s -> assertThat(s.isActive()).isTrue());
    }

    @Test
    void aDeniedJoinStopsBeingRetried() {
        alice.node().approvals().deny(swarm, "bob");
        retrier.retryAll();

        assertThat(waiting()).isEmpty();
        assertThat(swarmAtBob()).isEmpty();
    }

    @Test
    void anUnreachableMasterKeepsTheJoinWaiting() {
        alice.stop();
        retrier.retryAll();
        assertThat(waiting()).isPresent();
    }
}
