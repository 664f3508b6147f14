package dev.swarm.node.presence;

import static org.awaitility.Awaitility.await;

import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presence service as a serving node runs it: on its own thread, beside the node's other services. */
class PresenceOnAServingNodeTest {
    @TempDir
    Path dir;

    /**
     * Stopping a node holds its monitor while the services stop one by one, and the presence service's
     * close waits for a tick in progress. A tick that needed the monitor (for the issue board, to
     * announce the agent's claims) waited the close out, then met the closed database.
     */
    @Test
    void aPresenceTickDoesNotNeedTheNodesMonitorSoItGoesOutWhileAnotherThreadHoldsIt() {
        TestNode alice = TestNode.start(dir, "alice");
        TestNode bob = TestNode.start(dir, "bob");
        try {
            Swarm swarm = alice.node().swarms().create("build-team", false);
            String invite = alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString();
            synchronized (alice.node()) {
                bob.node().joins().join(invite);
                await("bob hears alice's presence").atMost(Duration.ofSeconds(30)).until(() -> bob.node().database()
                        .read(store -> store.presence().find(swarm.swarmId(), "alice")).isPresent());
            }
        } finally {
            bob.close();
            alice.close();
        }
    }
}
