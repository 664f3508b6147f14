package dev.swarm.node.wake;

import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.MessageKey;
import dev.swarm.node.state.WakeLogEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a stream of wake-worthy messages into few, well-timed wakes, and records every attempt.
 * <ul>
 *   <li>Coalescing: the first message opens a gathering window; everything arriving in it is one
 *   wake. At most one wake per interval; an urgent message does not wait for the interval.</li>
 *   <li>Budgets: at most so many wakes per hour, and so many for one sender's messages. Beyond them
 *   messages are stored and marked "wake suppressed: budget", and one last wake tells the agent that
 *   wakes are paused.</li>
 *   <li>No typing over the agent: the waker types only at a safe moment and says whether the line was
 *   confirmed; only a confirmed wake marks its messages surfaced and sends receipts.</li>
 *   <li>Normal messages go to the hooks first: while the agent's hooks report, a gathering of normal
 *   messages only is typed after {@code wake_normal_delay} instead of the window, and what a hook has
 *   put into the agent's context meanwhile is left out (all of it: the wake is recorded as hooked).
 *   An urgent message flushes the gathering at once.</li>
 * </ul>
 * All state is touched by one thread only, the coordinator's own.
 */
public final class WakeCoordinator implements AutoCloseable {
    static final Duration HOUR = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(WakeCoordinator.class);

    private final WakeConfig config;
    private final Waker waker;
    private final Database database;
    private final Clock clock;
    private final Consumer<List<WakeCandidate>> onSurfaced;
    private final ReadHint hint;
    private final BooleanSupplier hooksReport;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread worker = new Thread(runnable, "wake");
        worker.setDaemon(true);
        return worker;
    });

    private final List<WakeCandidate> gathering = new ArrayList<>();
    private WakeLevel gatheringLevel = WakeLevel.SILENT;
    private ScheduledFuture<?> flush;
    private Instant lastWake = Instant.EPOCH;
    private final Deque<Instant> wakes = new ArrayDeque<>();
    private final Map<String, Deque<Instant>> wakesBySender = new HashMap<>();
    private boolean pauseNoticeTyped;

    public WakeCoordinator(WakeConfig config, Waker waker, Database database, Clock clock, ReadHint hint,
                           Consumer<List<WakeCandidate>> onSurfaced) {
        this(config, waker, database, clock, hint, onSurfaced, () -> false);
    }

    /** {@code hooksReport}: true while the agent's hooks report, so they will bring normal messages. */
    public WakeCoordinator(WakeConfig config, Waker waker, Database database, Clock clock, ReadHint hint,
                           Consumer<List<WakeCandidate>> onSurfaced, BooleanSupplier hooksReport) {
        this.hooksReport = hooksReport;
        this.config = config;
        this.waker = waker;
        this.database = database;
        this.clock = clock;
        this.hint = hint;
        this.onSurfaced = onSurfaced;
        thread.execute(this::restoreBudgets);
    }

    /** Takes a message that may wake the agent; returns at once. */
    public void offer(WakeCandidate message, WakeLevel level) {
        thread.execute(() -> {
            gathering.add(message);
            gatheringLevel = gatheringLevel.max(level);
            Duration wait = gatheringLevel == WakeLevel.NORMAL && hooksReport.getAsBoolean()
                    ? config.window().compareTo(config.normalDelay()) > 0 ? config.window() : config.normalDelay()
                    : config.window();
            if (flush == null || flush.getDelay(TimeUnit.MILLISECONDS) > wait.toMillis()) {
                if (flush != null) {
                    flush.cancel(false);
                }
                flush = thread.schedule(this::flush, wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Types a line of the node's own (not a message's) soon: urgent, at a safe moment, logged. */
    public void notice(String line) {
        thread.execute(() -> {
            String sanitized = WakeLine.safeStart(WakeLine.sanitize(line, WakeLine.MAX_LINE));
            WakeOutcome outcome = waker.wake(WakeRequest.notice(sanitized));
            log(clock.instant(), WakeLevel.URGENT, outcome.result().wire(), "notice: " + outcome.detail(), List.of(),
                    sanitized);
        });
    }

    private void flush() {
        flush = null;
        if (gathering.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        forgetOlderThanAnHour(now);
        Instant allowed = lastWake.plus(config.interval());
        if (gatheringLevel != WakeLevel.URGENT && now.isBefore(allowed)) {
            log(now, gatheringLevel, "deferred", "at most one wake per " + config.interval().toSeconds()
                    + " s; next at " + Timestamps.format(allowed), gathering, null);
            flush = thread.schedule(this::flush, Duration.between(now, allowed).toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        List<WakeCandidate> batch = List.copyOf(gathering);
        WakeLevel level = gatheringLevel;
        gathering.clear();
        gatheringLevel = WakeLevel.SILENT;
        List<WakeCandidate> unseen = batch.stream().filter(m -> !seen(List.of(m))).toList();
        if (unseen.isEmpty()) {
            log(now, level, "hooked", "the agent has seen these messages already (a hook gave them, or they were"
                    + " read)", batch, null);
            return;
        }
        batch = unseen;
        List<WakeCandidate> allowedBySender = withinSenderBudgets(batch, now);
        if (allowedBySender.isEmpty()) {
            return;
        }
        if (wakes.size() >= config.budgetPerHour()) {
            suppress(allowedBySender, now, level, "wake suppressed: budget (" + config.budgetPerHour() + " wakes per hour)");
            typePauseNotice(now);
            return;
        }
        type(allowedBySender, level, now);
    }

    private List<WakeCandidate> withinSenderBudgets(List<WakeCandidate> batch, Instant now) {
        List<WakeCandidate> allowed = new ArrayList<>();
        List<WakeCandidate> over = new ArrayList<>();
        for (WakeCandidate message : batch) {
            int used = wakesBySender.getOrDefault(message.senderId(), new ArrayDeque<>()).size();
            (used >= config.budgetPerSender() ? over : allowed).add(message);
        }
        if (!over.isEmpty()) {
            suppress(over, now, WakeLevel.NORMAL, "wake suppressed: budget (" + config.budgetPerSender()
                    + " wakes per hour for one sender)");
        }
        return allowed;
    }

    private void type(List<WakeCandidate> batch, WakeLevel level, Instant gathered) {
        String line = WakeLine.render(config, hint, batch, level);
        WakeOutcome outcome = waker.wake(new WakeRequest(line, batch, level, () -> seen(batch)));
        Instant now = clock.instant();
        List<MessageKey> ids = keys(batch);
        switch (outcome.result()) {
            case TYPED, UNCONFIRMED -> {
                // an unconfirmed wake still typed something: it counts against the budgets like any other
                lastWake = now;
                wakes.addLast(now);
                for (String sender : new LinkedHashSet<>(batch.stream().map(WakeCandidate::senderId).toList())) {
                    wakesBySender.computeIfAbsent(sender, s -> new ArrayDeque<>()).addLast(now);
                }
            }
            default -> {
            }
        }
        log(now, level, outcome.result().wire(), outcome.detail(), batch, line);
        if (outcome.result() == WakeOutcome.Result.FAILED) {
            LOG.warn("wake failed: {}", outcome.detail());
        }
        if (outcome.result() == WakeOutcome.Result.NOT_DELIVERED || outcome.result() == WakeOutcome.Result.UNCONFIRMED) {
            database.write(store -> {
                store.inbox().noteWake(ids, "wake " + outcome.result().wire().replace('_', ' ') + ": " + outcome.detail());
                return null;
            });
        }
        if (outcome.delivered()) {
            String at = Timestamps.format(now);
            database.write(store -> {
                store.inbox().markSurfaced(ids, at);
                return null;
            });
            onSurfaced.accept(batch);
        }
    }

    private static List<MessageKey> keys(List<WakeCandidate> messages) {
        return messages.stream().map(m -> new MessageKey(m.swarmId(), m.senderId(), m.messageId())).toList();
    }

    /** True when every message of the batch has been seen by the agent already (a hook gave it). */
    private boolean seen(List<WakeCandidate> batch) {
        return !batch.isEmpty() && database.read(store -> batch.stream().allMatch(m ->
                store.inbox().seenByAgent(m.swarmId(), m.senderId(), m.messageId())));
    }

    private void suppress(List<WakeCandidate> messages, Instant now, WakeLevel level, String reason) {
        log(now, level, "suppressed", reason, messages, null);
        database.write(store -> {
            store.inbox().noteWake(keys(messages), reason);
            return null;
        });
    }

    private void typePauseNotice(Instant now) {
        if (pauseNoticeTyped) {
            return;
        }
        pauseNoticeTyped = true;
        String line = "swarm: wakes paused, " + config.budgetPerHour() + " wakes in the last hour; new messages are"
                + " still stored; " + hint.read();
        WakeOutcome outcome = waker.wake(WakeRequest.notice(line));
        log(now, WakeLevel.URGENT, outcome.result().wire(), "pause notice: wake budget reached; " + outcome.detail(),
                List.of(), line);
    }

    private void forgetOlderThanAnHour(Instant now) {
        Instant cutoff = now.minus(HOUR);
        while (!wakes.isEmpty() && wakes.peekFirst().isBefore(cutoff)) {
            wakes.removeFirst();
        }
        wakesBySender.values().forEach(times -> {
            while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
                times.removeFirst();
            }
        });
        wakesBySender.values().removeIf(Deque::isEmpty);
        if (wakes.size() < config.budgetPerHour()) {
            pauseNoticeTyped = false;
        }
    }

    /** After a restart the last hour's wakes still count against the budgets. */
    private void restoreBudgets() {
        Instant now = clock.instant();
        try {
            List<WakeLogEntry> typed = database.read(store -> store.wakeLog().since(Timestamps.format(now.minus(HOUR)),
                    "typed"));
            for (WakeLogEntry entry : typed) {
                if (entry.messageIds().isEmpty()) {
                    pauseNoticeTyped = true;
                    continue;
                }
                Instant at = Timestamps.parse(entry.at());
                wakes.addLast(at);
                lastWake = at;
                entry.senders().forEach(sender -> wakesBySender.computeIfAbsent(sender, s -> new ArrayDeque<>())
                        .addLast(at));
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read the wake log: {}", e.toString());
        }
    }

    private void log(Instant at, WakeLevel level, String outcome, String reason, List<WakeCandidate> messages,
                     String line) {
        WakeLogEntry entry = new WakeLogEntry(0, Timestamps.format(at), config.method().name().toLowerCase(
                java.util.Locale.ROOT), config.targetDescription(), level.wire(), outcome, reason,
                messages.stream().map(WakeCandidate::messageId).toList(),
                List.copyOf(new LinkedHashSet<>(messages.stream().map(WakeCandidate::senderId).toList())), line);
        try {
            database.write(store -> {
                store.wakeLog().insert(entry);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot record a wake attempt: {}", e.toString());
        }
    }

    /** Stops; messages still gathering are not typed (they are stored; the next start does not re-wake them). */
    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** For tests: runs everything queued so far on the coordinator's thread and waits for it. */
    void drain() throws Exception {
        thread.submit(() -> { }).get();
    }
}
