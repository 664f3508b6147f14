package dev.swarm.node.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Decides who delivers what was just queued. A command run while a daemon serves the same identity
 * in another process does nothing: the daemon's worker finds the rows within a tick. Otherwise (the
 * daemon itself, or a command with no daemon) this process delivers now, each peer's whole lane in
 * order. Claims make sure a row is never sent by two processes.
 */
public final class Dispatcher {
    private final Supplier<Deliverer> deliverer;
    private final BooleanSupplier daemonElsewhere;

    /**
     * {@code deliverer} is asked for only when this process delivers, so a command beside a running
     * daemon never builds an HTTP client and trust store it would not use.
     */
    public Dispatcher(Supplier<Deliverer> deliverer, BooleanSupplier daemonElsewhere) {
        this.deliverer = deliverer;
        this.daemonElsewhere = daemonElsewhere;
    }

    /** Starts delivery to these peers: the outcomes of the rows attempted now (none when a daemon does it). */
    public CompletableFuture<List<DeliveryResult>> dispatch(Collection<String> peers) {
        if (peers.isEmpty() || deliveredElsewhere()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return deliverer.get().deliver(peers, false);
    }

    /**
     * As {@link #dispatch}, one future per peer's lane (none when a daemon delivers), so a caller can
     * stop waiting for one slow peer without giving up on the others.
     */
    public Map<String, CompletableFuture<List<DeliveryResult>>> dispatchEach(Collection<String> peers) {
        if (peers.isEmpty() || deliveredElsewhere()) {
            return Map.of();
        }
        return deliverer.get().deliverEach(peers, false);
    }

    /**
     * Dispatches, then waits at most {@code bound} for the lanes of the peers not in {@code skip} (peers
     * already failing); what has not answered by then is left to later attempts.
     */
    public void dispatchAndAwait(Collection<String> peers, Set<String> skip, Duration bound) {
        CompletableFuture<?>[] awaited = dispatchEach(peers).entrySet().stream()
                .filter(lane -> !skip.contains(lane.getKey())).map(Map.Entry::getValue)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(awaited).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException slowOrFailed) {
            // the rows stay pending in the outbox; the daemon (or the next command) tries them again
        }
    }

    /** True when another process (a running {@code swarm serve}) delivers what this one queues. */
    public boolean deliveredElsewhere() {
        return daemonElsewhere.getAsBoolean();
    }
}
