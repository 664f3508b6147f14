package dev.swarm.node.delivery;

import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's delivery loop. Every tick it looks for peers with a due pending row (one indexed
 * query) and starts that peer's lane unless one is running; {@link #signal} runs a tick at once.
 * Rows written by other processes (a {@code swarm send} beside the daemon) are found within a tick.
 */
public final class DeliveryWorker implements AutoCloseable {
    static final long TICK_MILLIS = 100;
    private static final int PEERS_PER_TICK = 256;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Database database;
    private final Deliverer deliverer;
    private final Clock clock;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "delivery-worker");
        thread.setDaemon(true);
        return thread;
    });

    public DeliveryWorker(Database database, Deliverer deliverer, Clock clock) {
        this.database = database;
        this.deliverer = deliverer;
        this.clock = clock;
    }

    /**
     * Starts the loop, after bringing back within the retry cap any row an older version parked further
     * away (see {@link Deliverer#capWaits}).
     */
    public DeliveryWorker start() {
        int capped = deliverer.capWaits();
        if (capped > 0) {
            LOG.info("{} pending deliveries were due later than the retry cap allows; they are due within it now",
                    capped);
        }
        timer.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Looks for work now instead of at the next tick. */
    public void signal() {
        if (!timer.isShutdown()) {
            timer.execute(this::tick);
        }
    }

    private void tick() {
        try {
            List<String> peers = database.read(store -> store.outbox().duePeers(Timestamps.format(clock.instant()),
                    PEERS_PER_TICK));
            for (String peer : peers) {
                if (busy.add(peer)) {
                    deliverer.deliver(List.of(peer), true).whenComplete((results, failure) -> {
                        busy.remove(peer);
                        if (failure != null) {
                            LOG.warn("delivery to {} stopped: {}", peer, failure.toString());
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("delivery round failed: {}", e.toString());
        }
    }

    /** Stops starting lanes and gives running ones a moment to record their outcomes. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!busy.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
