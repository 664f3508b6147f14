package dev.swarm.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.client.PeerClient;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.crypto.LegacySignature;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.Outbox;
import dev.swarm.node.messaging.Restamping;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.OutboxRow;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.FreePort;
import dev.swarm.node.support.ScriptedPeer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The deliverer against real HTTP peers whose answers the test scripts. */
class DelivererTest {
    private static final String SWARM = "660e8400-e29b-41d4-a716-446655440001";
    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(20), Duration.ofSeconds(10), 50,
            Duration.ofHours(72));

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private Database database;
    private Identity alice;
    private Envelopes envelopes;
    private PeerClient client;
    private ScriptedPeer bob;

    @BeforeEach
    void setUp() {
        database = Database.open(dir.resolve("node.db"));
        alice = new Identity("alice", "https://alice.example/swarm", Ed25519.newSeed(new SecureRandom()));
        envelopes = new Envelopes(alice, Clock.systemUTC());
        client = new PeerClient(new ClientConfig(null, true, Duration.ofSeconds(2), Duration.ofSeconds(5)), "alice");
        bob = peer();
        database.write(store -> {
            store.swarms().insert(new Swarm(SWARM, "team", "alice", "active", false, "2026-01-01T00:00:00.000Z",
                    "2026-01-01T00:00:00.000Z"));
            return null;
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable each : closing) {
            each.close();
        }
        client.close();
        database.close();
    }

    private ScriptedPeer peer() {
        ScriptedPeer peer = new ScriptedPeer();
        closing.add(peer);
        return peer;
    }

    private Deliverer deliverer(RetryPolicy policy, Database db, String owner) {
        return deliverer(policy, db, owner, Clock.systemUTC());
    }

    private Deliverer deliverer(RetryPolicy policy, Database db, String owner, Clock clock) {
        return new Deliverer(db, client, policy, clock, owner, Duration.ofSeconds(30), new Restamping(envelopes),
                new DeliveryStats());
    }

    private static Member member(String id, String endpoint) {
        return new Member(SWARM, id, endpoint, "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", List.of(),
                "2026-01-01T00:00:00.000Z");
    }

    private Outbox.Queued send(Envelopes from, String content, Member... to) {
        Envelope envelope = from.build(Envelopes.Draft.message(SWARM, to.length == 1 ? to[0].agentId() : "broadcast",
                content));
        return database.write(store -> Outbox.enqueue(store, envelope, List.of(to),
                Timestamps.format(Instant.now())));
    }

    private OutboxRow row(long id) {
        return database.read(store -> store.outbox().find(id).orElseThrow());
    }

    private static String messageId(ScriptedPeer.Received received) {
        return Json.readTree(received.body()).get("message_id").asText();
    }

    /*
     * A name that resolves to the cloud metadata address is never connected to: the peer client's DNS
     * drops refused addresses, so "localhost" (allowed by its name) cannot resolve around the policy.
     */
    @Test
    void aPeerWhoseNameResolvesToTheMetadataAddressIsNeverCalledAndTheRowFailsForGood() {
        Dns pointsAtMetadata = host -> List.of(InetAddress.getByName("169.254.169.254"));
        try (PeerClient guarded = new PeerClient(new ClientConfig(null, true, Duration.ofSeconds(2),
                Duration.ofSeconds(5)), "alice", null, pointsAtMetadata)) {
            String endpoint = bob.endpoint().replace("127.0.0.1", "localhost");
            Outbox.Queued queued = send(envelopes, "to the metadata service?", member("bob", endpoint));
            Deliverer deliverer = new Deliverer(database, guarded, FAST, Clock.systemUTC(), "a", Duration.ofSeconds(30),
                    new Restamping(envelopes), new DeliveryStats());

            List<DeliveryResult> results = deliverer.deliver(queued.peers(), false).join();

            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(OutboxRow.FAILED);
                assertThat(r.error()).contains("169.254.169.254").contains("link-local");
            });
            assertThat(bob.received()).isEmpty();
        }
    }

    @Test
    void aNameResolvingToARefusedAndAnAllowedAddressIsReachedOnlyAtTheAllowedOne() {
        Dns mixed = host -> List.of(InetAddress.getByName("169.254.169.254"), InetAddress.getByName("127.0.0.1"));
        try (PeerClient guarded = new PeerClient(new ClientConfig(null, true, Duration.ofSeconds(2),
                Duration.ofSeconds(5)), "alice", null, mixed)) {
            Outbox.Queued queued = send(envelopes, "to the loopback peer",
                    member("bob", bob.endpoint().replace("127.0.0.1", "localhost")));
            Deliverer deliverer = new Deliverer(database, guarded, FAST, Clock.systemUTC(), "a", Duration.ofSeconds(30),
                    new Restamping(envelopes), new DeliveryStats());

            assertThat(deliverer.deliver(queued.peers(), false).join()).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(OutboxRow.DELIVERED));
            assertThat(bob.received()).hasSize(1);
        }
    }

    @Test
    void aPeerThatAnswers400IsNotRetriedAndTheRowKeepsThePeersError() {
        bob.answer(request -> ScriptedPeer.Answer.error(400, "INVALID_FORMAT"));
        Outbox.Queued queued = send(envelopes, "refused", member("bob", bob.endpoint()));
        Deliverer deliverer = deliverer(FAST, database, "a");

        List<DeliveryResult> results = deliverer.deliver(queued.peers(), false).join();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(OutboxRow.FAILED);
            assertThat(r.errorCode()).isEqualTo("INVALID_FORMAT");
        });
        deliverer.deliver(queued.peers(), false).join();
        assertThat(bob.received()).hasSize(1);
        OutboxRow row = row(queued.rowIds().get(0));
        assertThat(row.status()).isEqualTo(OutboxRow.FAILED);
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).contains("scripted INVALID_FORMAT");
    }

    @Test
    void aPeerThatAnswers503IsRetriedWithTheSameMessageIdAndGrowingGaps() {
        AtomicInteger calls = new AtomicInteger();
        bob.answer(request -> calls.incrementAndGet() <= 9 ? ScriptedPeer.Answer.error(503, "INTERNAL_ERROR")
                : ScriptedPeer.Answer.queued());
        Outbox.Queued queued = send(envelopes, "eventually", member("bob", bob.endpoint()));
        try (DeliveryWorker worker = new DeliveryWorker(database, deliverer(FAST, database, "a"), Clock.systemUTC())) {
            worker.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> row(queued.rowIds().get(0)).status(),
                    OutboxRow.DELIVERED::equals);
        }
        List<ScriptedPeer.Received> received = bob.received();
        assertThat(received).hasSize(10);
        assertThat(received.stream().map(DelivererTest::messageId).distinct()).hasSize(1);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < received.size(); i++) {
            gaps.add(received.get(i).nanoTime() - received.get(i - 1).nanoTime());
        }
        double early = gaps.subList(0, 3).stream().mapToLong(Long::longValue).average().orElseThrow();
        double late = gaps.subList(6, 9).stream().mapToLong(Long::longValue).average().orElseThrow();
        assertThat(late).as("later gaps (ns) outgrow early ones").isGreaterThan(early * 2);
        assertThat(row(queued.rowIds().get(0)).attempts()).isEqualTo(10);
    }

    @Test
    void rowsToOnePeerArriveInTheOrderTheyWereSentEvenAcrossRetries() {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        List<String> stored = new ArrayList<>();
        bob.answer(request -> {
            if (failuresLeft.getAndDecrement() > 0) {
                return ScriptedPeer.Answer.error(503, "INTERNAL_ERROR");
            }
            synchronized (stored) {
                stored.add(messageId(request));
            }
            return ScriptedPeer.Answer.queued();
        });
        List<String> sent = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Outbox.Queued queued = send(envelopes, "message " + i, member("bob", bob.endpoint()));
            rows.addAll(queued.rowIds());
            sent.add(row(queued.rowIds().get(0)).messageId());
        }
        try (DeliveryWorker worker = new DeliveryWorker(database, deliverer(FAST, database, "a"), Clock.systemUTC())) {
            worker.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> rows.stream().allMatch(
                    id -> row(id).status().equals(OutboxRow.DELIVERED)));
        }
        assertThat(stored).containsExactlyElementsOf(sent);
    }

    @Test
    void aHungPeerDoesNotDelayDeliveryToTheOthers() throws Exception {
        ScriptedPeer carol = peer();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        carol.answer(request -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ScriptedPeer.Answer.queued();
        });
        Outbox.Queued queued = send(envelopes, "to everyone", member("bob", bob.endpoint()),
                member("carol", carol.endpoint()));
        CompletableFuture<List<DeliveryResult>> round = deliverer(FAST, database, "a").deliver(queued.peers(), false);

        long bobRow = queued.rowIds().get(0);
        long carolRow = queued.rowIds().get(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> row(bobRow).status(), OutboxRow.DELIVERED::equals);
        assertThat(row(carolRow).status()).isEqualTo(OutboxRow.PENDING);
        assertThat(round).isNotDone();
        release.countDown();
        round.join();
        assertThat(row(carolRow).status()).isEqualTo(OutboxRow.DELIVERED);
    }

    @Test
    void anUnreachablePeerIsBackedOffAsAWholeNotHammeredPerRow() {
        String nobody = "http://127.0.0.1:" + FreePort.next() + "/swarm";
        List<Long> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.addAll(send(envelopes, "queued " + i, member("dan", nobody)).rowIds());
        }
        Deliverer deliverer = deliverer(new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5), 50,
                Duration.ofHours(72)), database, "a");
        List<DeliveryResult> results = deliverer.deliver(List.of(nobody), false).join();

        assertThat(results).singleElement().satisfies(r -> assertThat(r.errorCode()).isEqualTo("PEER_UNREACHABLE"));
        assertThat(row(rows.get(0)).attempts()).isEqualTo(1);
        assertThat(rows.subList(1, 5)).allSatisfy(id -> assertThat(row(id).attempts()).isZero());
        // every row of the peer now waits for the same moment, and the daemon leaves the peer alone until then
        assertThat(rows.stream().map(id -> row(id).nextAttemptAt()).distinct()).hasSize(1);
        assertThat(deliverer.deliver(List.of(nobody), true).join()).isEmpty();
    }

    @Test
    void anOldEnvelopeIsRestampedAndResignedWithTheSameMessageIdBeforeItIsSentAgain() {
        Clock twoMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(2)), ZoneOffset.UTC);
        Outbox.Queued queued = send(new Envelopes(alice, twoMinutesAgo), "late", member("bob", bob.endpoint()));
        String before = row(queued.rowIds().get(0)).envelope();

        deliverer(FAST, database, "a").deliver(queued.peers(), false).join();

        JsonNode old = Json.readTree(before);
        JsonNode sent = Json.readTree(bob.received().get(0).body());
        assertThat(sent.get("message_id").asText()).isEqualTo(old.get("message_id").asText());
        Instant stamped = Timestamps.parse(sent.get("timestamp").asText());
        assertThat(Duration.between(stamped, Instant.now()).abs()).isLessThan(Duration.ofSeconds(30));
        LegacySignature.Fields fields = new LegacySignature.Fields(sent.get("message_id").asText(),
                sent.get("timestamp").asText(), sent.get("swarm_id").asText(), sent.get("recipient").asText(),
                sent.get("type").asText(), sent.get("content").asText());
        assertThat(LegacySignature.verify(alice.publicKey(), fields, sent.get("signature").asText())).isTrue();
        assertThat(row(queued.rowIds().get(0)).envelope()).isEqualTo(bob.received().get(0).body());
    }

    @Test
    void aRowOutOfAttemptsIsDeadAndRetryPutsItBackUntilDelivered() {
        bob.answer(request -> ScriptedPeer.Answer.error(503, "INTERNAL_ERROR"));
        RetryPolicy twoAttempts = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(2), 2, Duration.ofHours(72));
        Outbox.Queued queued = send(envelopes, "doomed", member("bob", bob.endpoint()));
        Deliverer deliverer = deliverer(twoAttempts, database, "a");
        deliverer.deliver(queued.peers(), false).join();
        deliverer.deliver(queued.peers(), false).join();
        long id = queued.rowIds().get(0);
        assertThat(row(id).status()).isEqualTo(OutboxRow.DEAD);
        assertThat(row(id).lastError()).contains("gave up after 2 attempts");

        bob.answer(request -> ScriptedPeer.Answer.queued());
        OutboxService outbox = new OutboxService(database, new Dispatcher(() -> deliverer, () -> false), Clock.systemUTC());
        assertThat(outbox.retry(String.valueOf(id))).isEqualTo(1);
        assertThat(row(id).status()).isEqualTo(OutboxRow.DELIVERED);
        assertThat(bob.received()).hasSize(3);
    }

    @Test
    void twoProcessesDeliveringTheSameOutboxNeverSendARowTwiceOrOutOfOrder() throws Exception {
        List<String> stored = new ArrayList<>();
        bob.answer(request -> {
            synchronized (stored) {
                stored.add(messageId(request));
            }
            return ScriptedPeer.Answer.queued();
        });
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Outbox.Queued queued = send(envelopes, "message " + i, member("bob", bob.endpoint()));
            sent.add(row(queued.rowIds().get(0)).messageId());
        }
        Deliverer first = deliverer(FAST, database, "process-a");
        Database secondProcess = Database.open(dir.resolve("node.db"));
        closing.add(secondProcess);
        Deliverer second = deliverer(FAST, secondProcess, "process-b");
        for (int round = 0; round < 20; round++) {
            CompletableFuture<List<DeliveryResult>> a = first.deliver(List.of(bob.endpoint()), false);
            CompletableFuture<List<DeliveryResult>> b = second.deliver(List.of(bob.endpoint()), false);
            a.join();
            b.join();
        }
        assertThat(stored).containsExactlyElementsOf(sent);
    }

    /*
     * A wait a peer asks for (429 or 503) is read whatever unit it came in and never parks the peer's
     * lane longer than the retry cap. NOW is a whole second so an HTTP-date is exact.
     */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    static Stream<Arguments> askedWaits() {
        String rateLimited = "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\",\"details\":"
                + "{\"retry_after\":%s}}}";
        return Stream.of(
                Arguments.of("seconds", "7", null, Duration.ofSeconds(7)),
                Arguments.of("seconds with a fraction", "2.5", null, Duration.ofMillis(2500)),
                Arguments.of("an HTTP-date", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        NOW.plusSeconds(5).atOffset(ZoneOffset.UTC)), null, Duration.ofSeconds(5)),
                Arguments.of("a Unix time in seconds", String.valueOf(NOW.plusSeconds(3).getEpochSecond()), null,
                        Duration.ofSeconds(3)),
                Arguments.of("a Unix time in milliseconds", String.valueOf(NOW.plusSeconds(4).toEpochMilli()), null,
                        Duration.ofSeconds(4)),
                Arguments.of("an ISO-8601 time", NOW.plusSeconds(6).toString(), null, Duration.ofSeconds(6)),
                Arguments.of("only details.retry_after, a Unix time", null, rateLimited.formatted(
                        NOW.plusSeconds(8).getEpochSecond()), Duration.ofSeconds(8)),
                Arguments.of("the reference's reset time a day away", String.valueOf(NOW.plus(Duration.ofDays(1))
                        .getEpochSecond()), rateLimited.formatted(NOW.plus(Duration.ofDays(1)).getEpochSecond()),
                        FAST.cap()),
                Arguments.of("seconds past the cap", "86400", null, FAST.cap()),
                Arguments.of("a date decades away", "Fri, 01 Jan 2083 00:00:00 GMT", null, FAST.cap()),
                Arguments.of("milliseconds decades away", "3500000000000", null, FAST.cap()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("askedWaits")
    void aWaitAPeerAsksForIsReadInItsUnitAndBoundedByTheRetryCap(String form, String header, String body,
                                                                 Duration expected) {
        bob.answer(request -> new ScriptedPeer.Answer(429, body != null ? body : ScriptedPeer.Answer.error(429,
                "RATE_LIMITED").body(), header));
        Outbox.Queued first = send(envelopes, "first", member("bob", bob.endpoint()));
        Outbox.Queued second = send(envelopes, "second", member("bob", bob.endpoint()));

        deliverer(FAST, database, "a", Clock.fixed(NOW, ZoneOffset.UTC)).deliver(first.peers(), false).join();

        OutboxRow row = row(first.rowIds().get(0));
        assertThat(row.status()).isEqualTo(OutboxRow.PENDING);
        assertThat(Duration.between(NOW, Timestamps.parse(row.nextAttemptAt()))).as(form).isEqualTo(expected);
        assertThat(row(second.rowIds().get(0)).nextAttemptAt()).as("the lane waits as one").isEqualTo(
                row.nextAttemptAt());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"soon", "-5", "0", "Wed, 21 Oct 2015 07:28:00 GMT", "1000000000"})
    void aWaitThatSaysNothingOrIsPastLeavesTheBackoffAlone(String header) {
        bob.answer(request -> new ScriptedPeer.Answer(503, ScriptedPeer.Answer.error(503, "INTERNAL_ERROR").body(),
                header));
        Outbox.Queued queued = send(envelopes, "x", member("bob", bob.endpoint()));

        deliverer(FAST, database, "a", Clock.fixed(NOW, ZoneOffset.UTC)).deliver(queued.peers(), false).join();

        Duration wait = Duration.between(NOW, Timestamps.parse(row(queued.rowIds().get(0)).nextAttemptAt()));
        assertThat(wait).as("the first backoff: at most the base").isBetween(Duration.ZERO, FAST.base());
    }

    @Test
    void theReferencesAnswerParksNoLaneAndOtherPeersAreDeliveredMeanwhile() {
        bob.answer(request -> new ScriptedPeer.Answer(429, "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":"
                + "\"Rate limit exceeded\",\"details\":{\"retry_after\":1796149453}}}", "1796149453"));
        ScriptedPeer carol = peer();
        Outbox.Queued queued = send(envelopes, "to both", member("bob", bob.endpoint()),
                member("carol", carol.endpoint()));

        List<DeliveryResult> results = deliverer(FAST, database, "a").deliver(queued.peers(), false).join();

        assertThat(results).extracting(DeliveryResult::recipientId, DeliveryResult::status).containsExactlyInAnyOrder(
                tuple("bob", OutboxRow.PENDING), tuple("carol", OutboxRow.DELIVERED));
        OutboxRow toBob = row(queued.rowIds().get(0));
        assertThat(Timestamps.parse(toBob.nextAttemptAt())).isBefore(Instant.now().plus(FAST.cap())
                .plusSeconds(1));
        assertThat(toBob.lastErrorCode()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void rowsParkedBeyondTheCapByAnOlderVersionAreBroughtBackWithinItAndSoonerOnesAreLeftAlone() {
        Outbox.Queued parked = send(envelopes, "parked", member("bob", bob.endpoint()));
        Outbox.Queued soon = send(envelopes, "soon", member("carol", "https://carol.example/swarm"));
        String inSixtyYears = Timestamps.format(NOW.plus(Duration.ofDays(365 * 60)));
        String inTwoSeconds = Timestamps.format(NOW.plusSeconds(2));
        database.write(store -> {
            store.outbox().markAttemptFailed(parked.rowIds().get(0), OutboxRow.PENDING, Timestamps.format(NOW),
                    inSixtyYears, "RATE_LIMITED", "slow down");
            store.outbox().markAttemptFailed(soon.rowIds().get(0), OutboxRow.PENDING, Timestamps.format(NOW),
                    inTwoSeconds, "INTERNAL_ERROR", "later");
            return null;
        });

        int capped = deliverer(FAST, database, "a", Clock.fixed(NOW, ZoneOffset.UTC)).capWaits();

        assertThat(capped).isEqualTo(1);
        assertThat(row(parked.rowIds().get(0)).nextAttemptAt()).isEqualTo(Timestamps.format(NOW.plus(FAST.cap())));
        assertThat(row(soon.rowIds().get(0)).nextAttemptAt()).isEqualTo(inTwoSeconds);
    }

    @Test
    void retryOfAPendingRowParkedFarAwayMakesItsWholeLaneDueForTheDaemon() {
        Outbox.Queued first = send(envelopes, "first", member("bob", bob.endpoint()));
        Outbox.Queued second = send(envelopes, "second", member("bob", bob.endpoint()));
        String farAway = Timestamps.format(Instant.now().plus(Duration.ofDays(365 * 60)));
        database.write(store -> {
            store.outbox().deferPeer(bob.endpoint(), "a", farAway);
            return null;
        });
        Deliverer daemon = deliverer(FAST, database, "a");
        assertThat(daemon.deliver(List.of(bob.endpoint()), true).join()).as("not due").isEmpty();
        OutboxService outbox = new OutboxService(database, new Dispatcher(() -> daemon, () -> true), Clock.systemUTC());

        assertThat(outbox.retry(String.valueOf(second.rowIds().get(0)))).isEqualTo(1);
        assertThat(bob.received()).as("the daemon delivers").isEmpty();
        daemon.deliver(List.of(bob.endpoint()), true).join();

        assertThat(row(first.rowIds().get(0)).status()).isEqualTo(OutboxRow.DELIVERED);
        assertThat(row(second.rowIds().get(0)).status()).isEqualTo(OutboxRow.DELIVERED);
        assertThat(bob.received()).extracting(DelivererTest::messageId).containsExactly(
                row(first.rowIds().get(0)).messageId(), row(second.rowIds().get(0)).messageId());
    }

    @Test
    void abandoningAStuckRowMakesItDeadLetsTheLaneGoOnAndRetryTakesItBack() {
        bob.answer(request -> ScriptedPeer.Answer.error(503, "INTERNAL_ERROR"));
        Outbox.Queued stuck = send(envelopes, "stuck", member("bob", bob.endpoint()));
        Deliverer deliverer = deliverer(FAST, database, "a");
        deliverer.deliver(stuck.peers(), false).join();
        OutboxService outbox = new OutboxService(database, new Dispatcher(() -> deliverer, () -> false), Clock.systemUTC());

        assertThat(outbox.abandon(row(stuck.rowIds().get(0)).messageId())).isEqualTo(1);

        OutboxRow dead = row(stuck.rowIds().get(0));
        assertThat(dead.status()).isEqualTo(OutboxRow.DEAD);
        assertThat(dead.lastErrorCode()).isEqualTo(OutboxService.ABANDONED);
        bob.answer(request -> ScriptedPeer.Answer.queued());
        Outbox.Queued next = send(envelopes, "next", member("bob", bob.endpoint()));
        deliverer.deliver(next.peers(), false).join();
        assertThat(row(next.rowIds().get(0)).status()).isEqualTo(OutboxRow.DELIVERED);
        assertThat(bob.received()).hasSize(2);
        assertThatThrownBy(() -> outbox.abandon(String.valueOf(next.rowIds().get(0))))
                .isInstanceOf(SwarmException.class).hasMessageContaining("delivered");

        assertThat(outbox.retry(String.valueOf(stuck.rowIds().get(0)))).isEqualTo(1);
        assertThat(row(stuck.rowIds().get(0)).status()).isEqualTo(OutboxRow.DELIVERED);
    }
}
