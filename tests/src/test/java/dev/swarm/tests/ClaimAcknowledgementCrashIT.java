package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's acknowledgement of a claim is queued in the transaction that stores the claim: a master
 * killed (-9) after storing a claim, before its acknowledgement reached everyone, delivers it after its
 * restart, and the claim keeps the one number it was given. Three {@code swarm serve} processes.
 */
class ClaimAcknowledgementCrashIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String ISSUE = "octo/widgets#7";

    @TempDir
    Path root;

    private final List<ProcessNode> nodes = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        for (ProcessNode node : nodes) {
            node.close();
        }
    }

    @Test
    void aMasterKilledBeforeItsAcknowledgementWentOutDeliversItAfterTheRestartWithTheSameNumber() {
        ProcessNode alice = node("alice");
        ProcessNode bob = node("bob");
        ProcessNode carol = node("carol");
        for (ProcessNode daemon : nodes) {
            daemon.startServe();
        }
        nodes.forEach(ProcessNode::awaitServing);
        String swarmId = alice.cli().json("create", "--name", "claims").get("swarm_id").asText();
        for (ProcessNode joiner : List.of(bob, carol)) {
            String invite = alice.cli().json("invite", "--max-uses", "1").get("invite_token").asText();
            assertThat(joiner.cli().json("join", "--token", invite).get("status").asText()).isEqualTo("joined");
        }
        await("bob knows carol").atMost(SETTLE).until(() -> bob.rows("SELECT agent_id FROM members WHERE agent_id = "
                + "'carol'").size() == 1);
        // carol is away, so alice's acknowledgement for her waits in alice's outbox
        carol.stop();

        String claim = bob.cli().json("issue", "claim", ISSUE).get("message").get("message_id").asText();
        await("alice stores bob's claim and queues its acknowledgement for carol").atMost(SETTLE).until(() ->
                alice.rows("SELECT status FROM outbox WHERE recipient_id = 'carol' AND envelope LIKE"
                        + " '%coordination_ack%'"), rows -> rows.equals(List.of(List.of("pending"))));
        List<List<String>> numbered = alice.rows("SELECT sender_id, message_id, epoch, seq FROM coordination_acks");
        assertThat(numbered).singleElement().satisfies(row -> {
            assertThat(row.subList(0, 2)).containsExactly("bob", claim);
            assertThat(row.get(3)).isEqualTo("1");
        });
        alice.kill();
        assertThat(carol.rows("SELECT * FROM coordination_acks")).as("carol never got it").isEmpty();

        carol.startServe();
        alice.startServe();
        carol.awaitServing();
        alice.awaitServing();

        await("carol records the acknowledgement alice queued before she crashed").atMost(SETTLE).until(() ->
                carol.rows("SELECT sender_id, message_id, epoch, seq FROM coordination_acks"), numbered::equals);
        assertThat(bob.rows("SELECT sender_id, message_id, epoch, seq FROM coordination_acks")).isEqualTo(numbered);
        assertThat(alice.rows("SELECT sender_id, message_id, epoch, seq FROM coordination_acks"))
                .as("numbered once, across the crash").isEqualTo(numbered);
        assertThat(alice.rows("SELECT last_seq FROM coordination_sequence WHERE swarm_id = '" + swarmId + "'"))
                .containsExactly(List.of("1"));
        // bob's claim reaches carol from bob's outbox, on its own retry: it may come after alice's acknowledgement
        JsonNode entry = await("carol's board shows bob's claim").atMost(SETTLE).until(() -> items(carol.cli()
                .json("issue", "board").get("issues")), issues -> !issues.isEmpty()).get(0);
        assertThat(entry.get("owner").asText()).isEqualTo("bob");
        assertThat(entry.get("acknowledged").asBoolean()).isTrue();
    }

    private ProcessNode node(String agentId) {
        ProcessNode node = ProcessNode.init(root, agentId, "--retry-cap", "2");
        nodes.add(node);
        return node;
    }
}
