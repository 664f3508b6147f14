package dev.swarm.node.wake;

import static dev.swarm.node.wake.WakeFixtures.config;
import static dev.swarm.node.wake.WakeFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.swarm.node.config.Setting;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.WakeLogEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator with a waker that records what it is asked to type (the real tmux path is in WakeIT). */
class WakeCoordinatorTest {
    @TempDir
    Path dir;

    private Database database;
    private final List<WakeCoordinator> coordinators = new ArrayList<>();
    private final Recorder waker = new Recorder();

    /** Records lines it confirms; fails, or answers another outcome, when told to. */
    static final class Recorder implements Waker {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<WakeRequest> requests = new CopyOnWriteArrayList<>();
        volatile String failure;
        volatile WakeOutcome outcome;

        @Override
        public WakeOutcome wake(WakeRequest request) {
            requests.add(request);
            if (failure != null) {
                return WakeOutcome.failed(failure);
            }
            if (outcome != null) {
                return outcome;
            }
            lines.add(request.line());
            return WakeOutcome.typed("confirmed");
        }
    }

    private final List<List<WakeCandidate>> surfaced = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        database = Database.open(dir.resolve("node.db"));
    }

    @AfterEach
    void tearDown() {
        coordinators.forEach(WakeCoordinator::close);
        database.close();
    }

    private volatile boolean hooksReport;

    private WakeCoordinator coordinator(Object... settings) {
        List<Object> all = new ArrayList<>(List.of(Setting.WAKE_WINDOW, "0.1", Setting.WAKE_INTERVAL, "0.8",
                Setting.WAKE_SETTLE, "0", Setting.WAKE_MAX_DELAY, "1"));
        all.addAll(List.of(settings));
        WakeCoordinator coordinator = new WakeCoordinator(config(all.toArray()), waker, database, Clock.systemUTC(),
                WakeFixtures.HINT, surfaced::add, () -> hooksReport);
        coordinators.add(coordinator);
        return coordinator;
    }

    private List<WakeLogEntry> log() {
        return database.read(store -> store.wakeLog().recent(100));
    }

    private List<String> outcomes() {
        return log().stream().map(WakeLogEntry::outcome).toList();
    }

    @Test
    void messagesArrivingWithinTheWindowBecomeOneWake() throws Exception {
        WakeCoordinator coordinator = coordinator();
        for (int i = 0; i < 10; i++) {
            coordinator.offer(message("m" + i, i % 2 == 0 ? "alice" : "carol", true, "x"), WakeLevel.NORMAL);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 1);
        coordinator.drain();
        assertThat(waker.lines).containsExactly("swarm: 10 new messages from \"alice\", \"carol\" in build-team; read"
                + " them with the swarm_inbox tool");
        assertThat(log()).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo("typed");
            assertThat(entry.messageIds()).hasSize(10);
        });
    }

    @Test
    void aBurstWithinTheIntervalWaitsForItAndTheNextBurstIsASecondWake() throws Exception {
        WakeCoordinator coordinator = coordinator();
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 1);
        coordinator.offer(message("m2", "alice", true, "x"), WakeLevel.NORMAL);
        coordinator.offer(message("m3", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 2);
        coordinator.drain();
        assertThat(waker.lines.get(1)).startsWith("swarm: 2 new messages");
        assertThat(outcomes()).containsExactly("typed", "deferred", "typed");
    }

    @Test
    void anUrgentMessageDoesNotWaitForTheInterval() {
        WakeCoordinator coordinator = coordinator(Setting.WAKE_INTERVAL, "3600");
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 1);
        coordinator.offer(message("m2", "alice", true, "x"), WakeLevel.URGENT);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 2);
        assertThat(waker.lines.get(1)).contains("(urgent)");
    }

    @Test
    void pastTheHourlyBudgetMessagesAreSuppressedAndOnePauseNoticeIsTyped() {
        WakeCoordinator coordinator = coordinator(Setting.WAKE_BUDGET_HOUR, "2", Setting.WAKE_INTERVAL, "0");
        for (int burst = 0; burst < 4; burst++) {
            coordinator.offer(message("m" + burst, "alice", true, "x"), WakeLevel.NORMAL);
            int wanted = burst;
            await().atMost(Duration.ofSeconds(10)).until(() -> log().size() > wanted + (wanted >= 2 ? 1 : 0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log().size() == 5);
        assertThat(waker.lines).hasSize(3);
        assertThat(waker.lines.get(2)).contains("wakes paused");
        assertThat(log()).extracting(WakeLogEntry::outcome)
                .containsExactly("typed", "typed", "suppressed", "typed", "suppressed");
        assertThat(log().get(2).reason()).contains("wake suppressed: budget");
        assertThat(log().get(3).reason()).contains("pause notice");
    }

    @Test
    void oneSendersBudgetDoesNotSilenceTheOthers() {
        WakeCoordinator coordinator = coordinator(Setting.WAKE_BUDGET_SENDER, "1", Setting.WAKE_INTERVAL, "0");
        coordinator.offer(message("m1", "chatty", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 1);
        coordinator.offer(message("m2", "chatty", true, "x"), WakeLevel.NORMAL);
        coordinator.offer(message("m3", "carol", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 2);
        assertThat(waker.lines.get(1)).contains("from \"carol\"").doesNotContain("chatty");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes().contains("suppressed"));
        assertThat(log()).filteredOn(e -> e.outcome().equals("suppressed")).singleElement()
                .satisfies(e -> assertThat(e.senders()).containsExactly("chatty"));
    }

    @Test
    void aConfirmedWakeMarksItsMessagesSurfacedAndReportsThem() throws Exception {
        WakeCoordinator coordinator = coordinator();
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> surfaced.size() == 1);
        coordinator.drain();
        assertThat(surfaced.get(0)).extracting(WakeCandidate::messageId).containsExactly("m1");
        assertThat(log()).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("confirmed"));
    }

    @Test
    void aWakeNotDeliveredIsLoggedWithItsReasonAndReportsNothing() throws Exception {
        waker.outcome = new WakeOutcome(WakeOutcome.Result.NOT_DELIVERED, "not typed: waited 1 s; last seen: a dialog");
        WakeCoordinator coordinator = coordinator();
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes().contains("not_delivered"));
        coordinator.drain();
        assertThat(log().get(0).reason()).contains("a dialog");
        assertThat(surfaced).isEmpty();
    }

    @Test
    void anUnconfirmedWakeReportsNothingButCountsAgainstTheInterval() throws Exception {
        waker.outcome = new WakeOutcome(WakeOutcome.Result.UNCONFIRMED, "Enter did not submit the line; the line was"
                + " erased");
        WakeCoordinator coordinator = coordinator(Setting.WAKE_INTERVAL, "3600");
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes().contains("unconfirmed"));
        coordinator.offer(message("m2", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes().contains("deferred"));
        assertThat(surfaced).isEmpty();
        assertThat(waker.requests).hasSize(1);
    }

    @Test
    void theWakerCanAskWhetherAHookHasShownTheMessagesAlready() throws Exception {
        WakeCoordinator coordinator = coordinator();
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.requests.size() == 1);
        // no such row in this inbox: nothing has shown it to the agent
        assertThat(waker.requests.get(0).alreadySeen().getAsBoolean()).isFalse();
        assertThat(WakeRequest.notice("swarm: hi").alreadySeen().getAsBoolean()).isFalse();
    }

    @Test
    void whileTheHooksReportANormalMessageWaitsForThemAndIsNotTypedOnceTheAgentHasSeenIt() throws Exception {
        hooksReport = true;
        WakeCoordinator coordinator = coordinator(Setting.WAKE_NORMAL_DELAY, "1.5");
        stored("m1", dev.swarm.node.state.InboxStatus.READ);
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes().contains("hooked"));
        coordinator.drain();
        assertThat(waker.requests).as("nothing typed for a message the agent has read").isEmpty();
        assertThat(log()).singleElement().satisfies(e -> {
            assertThat(e.messageIds()).containsExactly("m1");
            assertThat(e.reason()).contains("seen these messages already");
        });
    }

    @Test
    void whileTheHooksReportAnUnseenNormalMessageIsTypedAfterTheLongerDelayOnly() throws Exception {
        hooksReport = true;
        WakeCoordinator coordinator = coordinator(Setting.WAKE_NORMAL_DELAY, "1.5");
        stored("m1", dev.swarm.node.state.InboxStatus.UNREAD);
        java.time.Instant offered = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> log().size() == 1);
        assertThat(waker.lines).hasSize(1);
        assertThat(log()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("typed");
            assertThat(java.time.Instant.parse(e.at())).as("not after the window (0.1 s): after the delay")
                    .isAfterOrEqualTo(offered.plusMillis(1500));
        });
    }

    @Test
    void anUrgentMessageDoesNotWaitForTheHooksAndTakesTheWaitingNormalOneAlong() {
        hooksReport = true;
        WakeCoordinator coordinator = coordinator(Setting.WAKE_NORMAL_DELAY, "3600");
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        coordinator.offer(message("m2", "carol", true, "x"), WakeLevel.URGENT);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 1);
        assertThat(waker.lines.get(0)).startsWith("swarm: 2 new messages").contains("(urgent)");
    }

    @Test
    void withoutHooksReportingANormalMessageWakesAfterTheWindowAsBefore() {
        WakeCoordinator coordinator = coordinator(Setting.WAKE_NORMAL_DELAY, "3600");
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 1);
    }

    /** A stored message from alice with this id, unread or (as a hook's acknowledgement leaves it) read. */
    private void stored(String messageId, dev.swarm.node.state.InboxStatus status) {
        database.write(store -> {
            store.inbox().insertIfAbsent(new dev.swarm.node.state.InboxMessage(0,
                    "660e8400-e29b-41d4-a716-446655440001", messageId, "alice", "https://alice.example/swarm", "bob",
                    "message", "x", "normal", "2026-03-02T10:00:00.000Z", "2026-03-02T10:00:00.000Z", null, null, null,
                    null, "{}", "unread"));
            if (status == dev.swarm.node.state.InboxStatus.READ) {
                store.inbox().markRead(new dev.swarm.node.state.MessageKey("660e8400-e29b-41d4-a716-446655440001",
                        "alice", messageId), "2026-03-02T10:00:01.000Z");
            }
            return null;
        });
    }

    @Test
    void aFailedWakeIsLoggedWithItsReasonAndDoesNotUseTheInterval() {
        WakeCoordinator coordinator = coordinator(Setting.WAKE_INTERVAL, "3600");
        waker.failure = "no tmux server is running for this user";
        coordinator.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes().contains("failed"));
        assertThat(log().get(0).reason()).isEqualTo("no tmux server is running for this user");
        waker.failure = null;
        coordinator.offer(message("m2", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 1);
    }

    @Test
    void wakesOfTheLastHourStillCountAfterARestart() throws Exception {
        WakeCoordinator first = coordinator(Setting.WAKE_BUDGET_HOUR, "1", Setting.WAKE_INTERVAL, "0");
        first.offer(message("m1", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> waker.lines.size() == 1);
        first.close();

        WakeCoordinator restarted = coordinator(Setting.WAKE_BUDGET_HOUR, "1", Setting.WAKE_INTERVAL, "0");
        restarted.offer(message("m2", "alice", true, "x"), WakeLevel.NORMAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes().contains("suppressed"));
        restarted.drain();
        assertThat(waker.lines).hasSize(2);
        assertThat(waker.lines.get(1)).contains("wakes paused");
    }
}
