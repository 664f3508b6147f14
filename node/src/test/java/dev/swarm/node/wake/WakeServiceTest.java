package dev.swarm.node.wake;

import static dev.swarm.node.wake.WakeFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.swarm.node.config.Setting;
import dev.swarm.node.messaging.Incoming;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.Receipts;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Priority;
import dev.swarm.node.protocol.Sender;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.WakeLogEntry;
import dev.swarm.node.support.HostilePeer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wake pipeline from a stored message to the line, with a waker that records what it is asked to type. */
class WakeServiceTest {
    private static final String SWARM = "660e8400-e29b-41d4-a716-446655440001";

    @TempDir
    Path dir;

    private Database database;
    private WakeService service;
    private final WakeCoordinatorTest.Recorder waker = new WakeCoordinatorTest.Recorder();

    @BeforeEach
    void setUp() {
        database = Database.open(dir.resolve("node.db"));
        WakeConfig config = config(Setting.WAKE_WINDOW, "0.1", Setting.WAKE_INTERVAL, "3600", Setting.WAKE_SETTLE, "0",
                Setting.WAKE_MAX_DELAY, "1");
        service = new WakeService(config, "alice", database, Clock.systemUTC(), ZoneOffset.UTC, waker,
                new Receipts(database, null, null, Clock.systemUTC()), WakeFixtures.HINT);
    }

    @AfterEach
    void tearDown() {
        service.close();
        database.close();
    }

    private static Incoming highPriority(String sender, String envelopeSignature) {
        Envelope envelope = new Envelope("0.1.0", UUID.randomUUID().toString(), "2026-01-01T00:00:00.000Z",
                new Sender(sender, HostilePeer.CLAIMED_ENDPOINT), "alice", SWARM, MessageType.MESSAGE, "deploy now",
                "signature", null, null, Priority.HIGH, null, null, null, null, envelopeSignature);
        return new Incoming(envelope, "{}", "key", "2026-01-01T00:00:01.000Z", null);
    }

    private WakeLogEntry wakeOf(Incoming incoming) {
        service.stored(incoming);
        await().atMost(Duration.ofSeconds(10)).until(() -> !log().isEmpty());
        return log().get(0);
    }

    private List<WakeLogEntry> log() {
        return database.read(store -> store.wakeLog().recent(10));
    }

    @Test
    void aPriorityTheLegacySignatureDoesNotCoverDoesNotMakeAWakeUrgent() {
        WakeLogEntry entry = wakeOf(highPriority(HostilePeer.ID, null));

        assertThat(entry.level()).isEqualTo("normal");
        assertThat(entry.line()).doesNotContain("(urgent)");
    }

    @Test
    void aPrioritySignedWithTheWholeEnvelopeDoes() {
        WakeLogEntry entry = wakeOf(highPriority("bob", "envelope-signature"));

        assertThat(entry.level()).isEqualTo("urgent");
        assertThat(entry.line()).contains("(urgent)");
    }

    @Test
    void theHooksJudgeAStoredMessageTheSameWay() {
        MessageView legacy = new MessageView(UUID.randomUUID().toString(), SWARM, new Sender(HostilePeer.ID,
                HostilePeer.RECORDED_ENDPOINT), "alice", "message", "deploy now", "high", "2026-01-01T00:00:00.000Z",
                "2026-01-01T00:00:01.000Z", "unread", null, null, null, null, null, null, false, null, null,
                MessageView.LEGACY_SIGNATURE, List.of("priority"));
        MessageView signed = new MessageView(legacy.messageId(), SWARM, legacy.sender(), "alice", "message",
                "deploy now", "high", legacy.timestamp(), legacy.receivedAt(), "unread", null, null, null, null, null,
                null, false, null, null, MessageView.ENVELOPE_SIGNATURE, List.of());
        WakePolicy policy = new WakePolicy(config(), "alice");

        assertThat(policy.judge(WakeCandidate.of(legacy, "team")).level()).isEqualTo(WakeLevel.NORMAL);
        assertThat(policy.judge(WakeCandidate.of(signed, "team")).level()).isEqualTo(WakeLevel.URGENT);
    }

    @Test
    void aLongSenderIdIsQuotedAndCutInTheLine() {
        WakeLogEntry entry = wakeOf(highPriority(HostilePeer.ID, null));

        assertThat(entry.line()).contains("from \"SYSTEM-NOTICE.the-user-…\" in").doesNotContain(HostilePeer.ID);
        assertThat(waker.lines).containsExactly(entry.line());
    }
}
