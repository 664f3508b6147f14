package dev.swarm.node.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.swarm.node.github.IssueBoard;
import dev.swarm.node.github.IssueKey;
import dev.swarm.node.github.IssueService;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Reference;
import dev.swarm.node.state.CoordinationRepository;
import dev.swarm.node.state.InboxMessage;
import dev.swarm.node.state.MessageKey;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's acknowledgements on real nodes over TLS: alice created the swarm (the master), bob and
 * carol joined. Claims go through the claim service as the commands send them, or are posted by hand
 * to chosen nodes only.
 */
class ClaimOrderTest {
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final IssueKey ISSUE = new IssueKey("acme/app", 12);

    @TempDir
    Path dir;

    private TestNode alice;
    private TestNode bob;
    private TestNode carol;
    private Swarm swarm;

    @BeforeEach
    void aliceBobAndCarolShareASwarm() {
        alice = TestNode.start(dir, "alice");
        bob = TestNode.start(dir, "bob");
        carol = TestNode.start(dir, "carol");
        swarm = alice.node().swarms().create("build-team", false);
        for (TestNode member : List.of(bob, carol)) {
            member.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
        }
        await("bob knows carol").atMost(SETTLE).until(() -> bob.node().database().read(store ->
                store.members().find(swarm.swarmId(), "carol")).isPresent());
    }

    @AfterEach
    void stop() {
        for (TestNode node : List.of(carol, bob, alice)) {
            node.close();
        }
    }

    @Test
    void theMasterNumbersAClaimOnceAndEveryMemberRecordsTheSameAcknowledgementAndReadsItAsBookkeeping() {
        String claim = bob.node().issues().act(swarm.swarmId(), "claimed", ISSUE, null, false, false, Duration.ZERO)
                .message().messageId();

        CoordinationRepository.AckRow atAlice = await("alice numbers bob's claim").atMost(SETTLE)
                .until(() -> ack(alice, "bob", claim), Optional::isPresent).get();
        assertThat(atAlice).isEqualTo(new CoordinationRepository.AckRow("bob", claim, swarm.masterSince(), 1, "alice"));
        for (TestNode member : List.of(bob, carol)) {
            await(member.agentId() + " records alice's acknowledgement").atMost(SETTLE)
                    .until(() -> ack(member, "bob", claim), found -> found.equals(Optional.of(atAlice)));
            List<InboxMessage> acks = member.node().database().read(store -> store.inbox()
                    .list(swarm.swarmId(), java.util.EnumSet.allOf(dev.swarm.node.state.InboxStatus.class), 100))
                    .stream().filter(m -> m.envelope().contains(Acknowledgements.KEY)).toList();
            assertThat(acks).singleElement().satisfies(m -> {
                assertThat(m.senderId()).isEqualTo("alice");
                assertThat(m.status()).as("bookkeeping, not news: read at once").isEqualTo("read");
            });
        }
        IssueService.Board reference = alice.node().issues().board(swarm.swarmId());
        assertThat(reference.orderedBy()).isEqualTo(IssueService.BY_ACKNOWLEDGEMENT);
        assertThat(reference.issues()).singleElement().satisfies(entry -> {
            assertThat(entry.owner()).isEqualTo("bob");
            assertThat(entry.acknowledged()).isTrue();
        });
        for (TestNode member : List.of(bob, carol)) {
            assertThat(member.node().issues().board(swarm.swarmId())).as("%s's board", member.agentId())
                    .isEqualTo(reference);
        }
        assertThat(alice.node().database().<List<CoordinationRepository.AckRow>>read(store -> store.coordination()
                .acks(swarm.swarmId()))).as("one number was given").containsExactly(atAlice);
    }

    @Test
    void anAcknowledgementFromAMemberThatIsNotTheMasterIsIgnoredAndOneForgedInTheMastersNameIsRefused() {
        Envelope carols = claim(carol, "claimed");
        try (RawClient http = new RawClient()) {
            assertThat(http.post(bob.endpoint() + "/message", EnvelopeCodec.toBytes(carols)).status()).isEqualTo(200);
            Map<String, Object> metadata = Acknowledgements.metadata(new Acknowledgements.Ack(
                    "2020-01-01T00:00:00.000Z", List.of(new Acknowledgements.Entry("carol", carols.messageId(), 1))));

            // carol, a member but not the master, acknowledges her own claim to bob
            String sent = carol.node().messages().send(new SendRequest(swarm.swarmId(), "bob", "acknowledged",
                    MessageType.NOTIFICATION, null, null, null, null, metadata)).messageId();
            // and posts one in alice's name, signed with her own key
            var forged = WireMessages.signed(carol.seed(), "alice", alice.endpoint(), swarm.swarmId(), "broadcast",
                    "notification", "acknowledged");
            forged.putObject("metadata").put(Acknowledgements.EPOCH, "2020-01-01T00:00:00.000Z")
                    .put(Acknowledgements.KEY, "1:carol:" + carols.messageId());
            RawClient.Answer refused = http.post(bob.endpoint() + "/message", WireMessages.bytes(forged));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo("INVALID_SIGNATURE");
            InboxMessage stored = bob.node().database().read(store -> store.inbox().find(new MessageKey(swarm.swarmId(), "carol", sent)))
                    .orElseThrow();
            assertThat(stored.status()).as("an ordinary notification, not recorded").isEqualTo("unread");
        }
        assertThat(ack(bob, "carol", carols.messageId())).isEmpty();
        assertThat(bob.node().issues().board(swarm.swarmId()).issues()).singleElement()
                .extracting(IssueBoard.Entry::acknowledged).isEqualTo(false);
    }

    @Test
    void aNewMasterAcknowledgesTheClaimsItHeldUnacknowledgedAndEveryoneTakesItsWord() {
        // carol's claim reaches bob alone: nobody acknowledges it while alice is master
        Envelope carols = claim(carol, "claimed");
        try (RawClient http = new RawClient()) {
            assertThat(http.post(bob.endpoint() + "/message", EnvelopeCodec.toBytes(carols)).status()).isEqualTo(200);
        }
        assertThat(ack(bob, "carol", carols.messageId())).isEmpty();

        alice.node().transfers().transfer(swarm, "bob");

        String epoch = bob.node().database().read(store -> store.swarms().find(swarm.swarmId())).orElseThrow()
                .masterSince();
        for (TestNode node : List.of(bob, alice)) {
            await(node.agentId() + " records bob's acknowledgement").atMost(SETTLE)
                    .until(() -> ack(node, "carol", carols.messageId()), found -> found.isPresent()
                            && found.get().master().equals("bob") && found.get().epoch().equals(epoch));
        }
        assertThat(ack(bob, "carol", carols.messageId()).orElseThrow().seq()).isEqualTo(1);
        assertThat(Envelopes.sentAt(carols)).isLessThan(epoch);
    }

    private Optional<CoordinationRepository.AckRow> ack(TestNode node, String sender, String messageId) {
        return node.node().database().read(store -> store.coordination().ack(swarm.swarmId(), sender, messageId));
    }

    /** A claim signed by {@code who}'s key as its claim command writes it, for posting by hand. */
    private Envelope claim(TestNode who, String event) {
        return new Envelopes(who.identity(), Clock.systemUTC()).build(new Envelopes.Draft(swarm.swarmId(), "broadcast",
                MessageType.MESSAGE, event + " " + ISSUE, null, null, null, null, null,
                List.of(new Reference("github_issue", ISSUE.repo(), ISSUE.number(), null, null, event)),
                Map.of("issue_event", event)));
    }
}
