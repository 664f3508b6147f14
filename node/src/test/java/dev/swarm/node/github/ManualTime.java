package dev.swarm.node.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The issue watcher's time in a test: a clock the test moves, and a sleeper that returns once the
 * clock has passed the wake-up time the watcher asked for. Each wait the watcher starts is one poll
 * done, so a test can tell "the watcher finished a poll and now waits until T" without real waiting.
 */
final class ManualTime extends Clock implements IssueWatcher.Sleeper {
    private final AtomicReference<Instant> now;
    private final AtomicReference<Instant> wakeUp = new AtomicReference<>();
    private final AtomicInteger polls = new AtomicInteger();

    ManualTime(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
        now.set(instant);
    }

    /** Polls finished (waits started) so far. */
    int polls() {
        return polls.get();
    }

    /** When the watcher asked to be woken last. */
    Instant wakeUp() {
        return wakeUp.get();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Instant target = now.get().plus(duration);
        wakeUp.set(target);
        polls.incrementAndGet();
        while (now.get().isBefore(target)) {
            Thread.sleep(5);
        }
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
