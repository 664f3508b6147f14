package dev.swarm.node.delivery;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /** True when another process (a running {@code swarm serve}) delivers what this one queues. */
    public boolean deliveredElsewhere() {
        return daemonElsewhere.getAsBoolean();
    }
}
