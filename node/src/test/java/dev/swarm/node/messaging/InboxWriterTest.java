package dev.swarm.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.membership.MemberDirectory;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxWriterTest {
    private static final String SWARM = "660e8400-e29b-41d4-a716-446655440001";

    @TempDir
    Path dir;

    private Database database;
    private InboxWriter writer;
    private Identity bob;
    private Envelopes fromBob;

    @BeforeEach
    void setUp() {
        database = Database.open(dir.resolve("node.db"));
        bob = new Identity("bob", "https://bob.example/swarm", Ed25519.newSeed(new SecureRandom()));
        fromBob = new Envelopes(bob, Clock.systemUTC());
        database.write(store -> {
            store.swarms().insert(new Swarm(SWARM, "team", "alice", "active", false, "2026-01-01T00:00:00.000Z",
                    "2026-01-01T00:00:00.000Z"));
            store.members().upsert(new Member(SWARM, "bob", bob.endpoint(), bob.publicKeyBase64(), List.of(),
                    "2026-01-01T00:00:00.000Z"));
            return null;
        });
        writer = new InboxWriter(database, new MemberDirectory(database));
    }

    @AfterEach
    void tearDown() {
        writer.close();
        database.close();
    }

    private Incoming incoming(String content, String verifiedKey, StateChange change) {
        Envelope envelope = fromBob.build(Envelopes.Draft.message(SWARM, "broadcast", content));
        return new Incoming(envelope, new String(EnvelopeCodec.toBytes(envelope), StandardCharsets.UTF_8), verifiedKey,
                "2026-01-01T00:00:00.000Z", change);
    }

    private int inboxRows() {
        return database.read(store -> store.inbox().counts(null).values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aMessageIsStoredOnceAndItsRedeliveryIsADuplicate() {
        Incoming message = incoming("hello", bob.publicKeyBase64(), StateChange.NONE);
        assertThat(writer.submit(message).join()).isEqualTo(InboxWriter.Outcome.STORED);
        assertThat(writer.submit(message).join()).isEqualTo(InboxWriter.Outcome.DUPLICATE);
        assertThat(inboxRows()).isEqualTo(1);
    }

    @Test
    void aMessageVerifiedWithAKeyThatIsNoLongerTheMembersIsRefusedInsideTheTransaction() {
        String oldKey = Ed25519.encode(Ed25519.privateKey(Ed25519.newSeed(new SecureRandom())).generatePublicKey());
        CompletableFuture<InboxWriter.Outcome> result = writer.submit(incoming("stale key", oldKey, StateChange.NONE));
        assertThatThrownBy(result::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(SwarmException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_MEMBER));
        assertThat(inboxRows()).isZero();
    }

    @Test
    void oneMessageWhoseEffectFailsDoesNotSinkTheOthersAndLeavesNoRowOfItsOwn() {
        List<CompletableFuture<InboxWriter.Outcome>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            StateChange change = i == 7 ? store -> {
                throw new IllegalStateException("effect failed");
            } : StateChange.NONE;
            results.add(writer.submit(incoming("message " + i, bob.publicKeyBase64(), change)));
        }
        for (int i = 0; i < results.size(); i++) {
            if (i == 7) {
                assertThatThrownBy(results.get(i)::join).cause().isInstanceOfSatisfying(SwarmException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
            } else {
                assertThat(results.get(i).join()).isEqualTo(InboxWriter.Outcome.STORED);
            }
        }
        assertThat(inboxRows()).isEqualTo(19);
        assertThat(database.read(store -> store.inbox().list(null, java.util.EnumSet.allOf(
                dev.swarm.node.state.InboxStatus.class), 100)).stream().map(m -> m.content()))
                .doesNotContain("message 7");
    }

    @Test
    void aStateChangeThatRefusesInsideTheTransactionFailsOnlyItsOwnMessageWithItsCode() {
        List<CompletableFuture<InboxWriter.Outcome>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            StateChange change = i == 3 ? store -> {
                throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "the master changed meanwhile");
            } : StateChange.NONE;
            results.add(writer.submit(incoming("message " + i, bob.publicKeyBase64(), change)));
        }

        assertThatThrownBy(results.get(3)::join).cause().isInstanceOfSatisfying(SwarmException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_AUTHORIZED));
        for (int i = 0; i < results.size(); i++) {
            if (i != 3) {
                assertThat(results.get(i).join()).isEqualTo(InboxWriter.Outcome.STORED);
            }
        }
        assertThat(inboxRows()).isEqualTo(9);
    }

    @Test
    void aMessageForASwarmLeftSinceItWasVerifiedIsRefusedWithSwarmNotFound() {
        database.write(store -> {
            store.swarms().setState(SWARM, "left", "2026-01-02T00:00:00.000Z");
            return null;
        });

        CompletableFuture<InboxWriter.Outcome> result = writer.submit(incoming("late", bob.publicKeyBase64(),
                StateChange.NONE));

        assertThatThrownBy(result::join).cause().isInstanceOfSatisfying(SwarmException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SWARM_NOT_FOUND));
        assertThat(inboxRows()).isZero();
    }

    @Test
    void closingWritesWhatIsQueuedAndRefusesWhatComesAfter() {
        List<CompletableFuture<InboxWriter.Outcome>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(writer.submit(incoming("queued " + i, bob.publicKeyBase64(), StateChange.NONE)));
        }
        writer.close();
        queued.forEach(future -> assertThat(future.join()).isEqualTo(InboxWriter.Outcome.STORED));
        assertThat(inboxRows()).isEqualTo(50);
        assertThatThrownBy(() -> writer.submit(incoming("late", bob.publicKeyBase64(), StateChange.NONE)).join())
                .cause().isInstanceOfSatisfying(SwarmException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
    }
}
