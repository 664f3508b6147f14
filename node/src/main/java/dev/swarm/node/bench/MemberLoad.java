package dev.swarm.node.bench;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A member going about its business while the node is attacked: fresh signed messages at a fixed
 * rate (open loop, each timed from when it was due to its answer), and a probe of {@code /health}
 * every quarter second. What happens is recorded in the {@link Window} that was current when each
 * request was due, so each phase of a benchmark gets its own figures.
 */
final class MemberLoad implements AutoCloseable {
    private static final long PROBE_EVERY_MS = 250;
    private static final long PROBE_TIMEOUT_MS = 5_000;

    private final Senders member;
    private final PeerClient probe;
    private final String endpoint;
    private final double rate;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicReference<Window> current = new AtomicReference<>(new Window());
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong ok = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    /** What the member met while one window was current. */
    static final class Window {
        final List<Double> latencyMs = new ArrayList<>();
        final List<Double> healthMs = new ArrayList<>();
        long sent;
        long ok;
        long refused;
        long failed;
        long healthFailures;
        String firstError;

        synchronized void answered(double ms, PeerResponse response, Throwable failure) {
            if (failure == null && response.isSuccess()) {
                ok++;
                latencyMs.add(ms);
                notifyAll();
                return;
            }
            notifyAll();
            if (failure == null) {
                refused++;
            } else {
                failed++;
            }
            if (firstError == null) {
                firstError = failure != null ? failure.toString() : "HTTP " + response.status();
            }
        }

        synchronized void probed(double ms, boolean healthy) {
            if (healthy) {
                healthMs.add(ms);
            } else {
                healthFailures++;
            }
        }

        synchronized void sent() {
            sent++;
        }

        /** Waits (at most {@code maxMs}) until every message sent in this window has its answer. */
        synchronized void awaitAnswered(long maxMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + maxMs;
            while (ok + refused + failed < sent && System.currentTimeMillis() < deadline) {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
    }

    MemberLoad(Senders member, PeerClient probe, String endpoint, double rate) {
        this.member = member;
        this.probe = probe;
        this.endpoint = endpoint;
        this.rate = rate;
    }

    void start() {
        threads.add(daemon("member-load", this::post));
        threads.add(daemon("health-probe", this::probe));
    }

    /** Starts recording into a new window and returns the one that ends. */
    Window next() {
        return current.getAndSet(new Window());
    }

    /** Messages the member had answered 200, over the whole run. */
    long ok() {
        return ok.get();
    }

    private void post() {
        RatePacer pacer = new RatePacer(rate, System.nanoTime());
        for (long i = 0; !stopped.get(); i++) {
            byte[] body = member.sign(0, i);
            pacer.awaitDue(i);
            long due = pacer.dueNanos(i);
            Window window = current.get();
            window.sent();
            outstanding.incrementAndGet();
            member.client(0).post(endpoint, "/message", body).whenComplete((response, failure) -> {
                window.answered((System.nanoTime() - due) / 1e6, response, failure);
                if (failure == null && response.isSuccess()) {
                    ok.incrementAndGet();
                }
                outstanding.decrementAndGet();
            });
        }
    }

    private void probe() {
        while (!stopped.get()) {
            long start = System.nanoTime();
            Window window = current.get();
            boolean healthy;
            try {
                healthy = probe.get(endpoint, "/health").get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS).status() == 200;
            } catch (Exception e) {
                healthy = false;
            }
            window.probed((System.nanoTime() - start) / 1e6, healthy);
            sleep(PROBE_EVERY_MS);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sending and waits (up to 30 s) for the answers still due. */
    @Override
    public void close() {
        stopped.set(true);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            sleep(10);
        }
    }
}
