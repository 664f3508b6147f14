package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.membership.SystemMessage;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.InboxStatus;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.OutboxRow;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members we were never told about are learnt from the master, never from the sender's word. Real nodes
 * over TLS: alice is the master; bob joined; carol joins later, and alice's announcement of carol to bob
 * is dropped, as a reference master that does not announce joins would.
 */
class MembershipRefreshTest {
    @TempDir
    Path dir;

    private final RawClient client = new RawClient();
    private TestNode alice;
    private TestNode bob;
    private TestNode carol;
    private Swarm swarm;

    @AfterEach
    void tearDown() {
        client.close();
        for (TestNode node : new TestNode[] {carol, bob, alice}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void aMemberTheMasterNeverAnnouncedIsLearntWhenItPostsAndItsMessageIsStored() {
        unannouncedCarol();

        String id = carol.node().messages().send(SendRequest.text(swarm.swarmId(), "bob", "hello from carol"),
                Duration.ofSeconds(10)).messageId();

        await("bob stores carol's message").atMost(Duration.ofSeconds(20))
                .until(() -> contents(bob).contains("hello from carol"));
        List<OutboxRow> rows = carol.node().database().read(store -> store.outbox().byMessage(id));
        assertThat(rows).extracting(OutboxRow::status).containsOnly(OutboxRow.DELIVERED);
        assertThat(memberKey(bob, "carol")).isEqualTo(carol.identity().publicKeyBase64());
        assertThat(bob.node().membershipRefresh().started()).isEqualTo(1);
    }

    @Test
    void sendingToAMemberWeDoNotKnowAsksTheMasterFirst() {
        unannouncedCarol();

        bob.node().messages().send(SendRequest.text(swarm.swarmId(), "carol", "welcome"), Duration.ofSeconds(10));

        await("carol stores bob's message").atMost(Duration.ofSeconds(20))
                .until(() -> contents(carol).contains("welcome"));
    }

    @Test
    void aStrangerPostingUnderMadeUpIdsCannotMakeUsHammerTheMaster() {
        unannouncedCarol();
        FakePeer stranger = FakePeer.named("stranger");

        for (int i = 0; i < 5; i++) {
            ObjectNode message = WireMessages.signed(stranger.seed(), "stranger" + i, stranger.endpoint(),
                    swarm.swarmId(), "bob", "message", "let me in");
            ProtocolErrors.assertError(client.post(bob.endpoint() + "/message", WireMessages.bytes(message)), 403,
                    "NOT_MEMBER");
        }

        assertThat(bob.node().membershipRefresh().started()).as("one refresh for the swarm, not one per post")
                .isEqualTo(1);
        assertThat(contents(bob)).doesNotContain("let me in");
        assertThat(memberKey(bob, "stranger0")).isEmpty();
    }

    @Test
    void aKeylessAnnouncementOfAMemberWhoseServerIsNotUpYetIsLookedUpAgainLater() {
        alice = TestNode.start(dir, "alice");
        FakePeer maria = FakePeer.named("maria");
        String theirs = maria.masterSwarmWith(alice);
        String now = Timestamps.format(Instant.now());
        TestNode dave = TestNode.create(dir, "dave", ReceiveLimits.DEFAULTS);
        carol = dave;
        ObjectNode keyless = SystemMessage.body(SystemMessage.MEMBER_JOINED, "dave").put("swarm_id", theirs)
                .put("endpoint", dave.endpoint()).put("joined_at", now);

        RawClient.Answer answer = client.post(alice.endpoint() + "/message",
                WireMessages.bytes(maria.system(theirs, keyless)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        dave.startServer();

        await("alice learns dave's key from /info once it is up").atMost(Duration.ofSeconds(30))
                .until(() -> alice.node().database().read(store -> store.members().find(theirs, "dave")).isPresent());
        assertThat(alice.node().database().read(store -> store.members().find(theirs, "dave")).orElseThrow()
                .publicKey()).isEqualTo(dave.identity().publicKeyBase64());
    }

    /** alice's swarm with bob; carol joins after him and bob is never told (the announcement is dropped). */
    private void unannouncedCarol() {
        alice = TestNode.start(dir, "alice");
        bob = TestNode.start(dir, "bob");
        carol = TestNode.start(dir, "carol");
        swarm = alice.node().swarms().create("build-team", false);
        bob.node().joins().join(invite());
        bob.stop();
        carol.node().joins().join(invite());
        alice.node().database().write(store -> {
            store.outbox().list(swarm.swarmId(), 100).stream().filter(row -> row.recipientId().equals("bob"))
                    .forEach(row -> store.outbox().markAttemptFailed(row.id(), OutboxRow.FAILED,
                            Timestamps.format(Instant.now()), Timestamps.format(Instant.now()), "TEST",
                            "dropped: the master does not announce joins"));
            return null;
        });
        bob.startServer();
        assertThat(memberKey(bob, "carol")).as("bob does not know carol").isEmpty();
    }

    private String invite() {
        return alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString();
    }

    private String memberKey(TestNode node, String agentId) {
        return node.node().database().read(store -> store.members().find(swarm.swarmId(), agentId))
                .map(Member::publicKey).orElse("");
    }

    private static List<String> contents(TestNode node) {
        return node.node().inbox().list(null, EnumSet.allOf(InboxStatus.class), 1000, false).stream()
                .map(MessageView::content).toList();
    }
}
