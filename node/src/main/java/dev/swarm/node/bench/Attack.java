package dev.swarm.node.bench;

import java.util.function.BooleanSupplier;

/** One attack class at full strength: {@link #workers()} threads each run {@link #run} until stopped. */
interface Attack extends AutoCloseable {
    int workers();

    /**
     * Attacks until {@code stopped} says so (checked at least every second or so); a failure ends
     * only this round, and the worker starts again.
     */
    void run(int worker, BooleanSupplier stopped) throws Exception;

    /** Ends what is still open (connections a worker may be blocked writing to). */
    @Override
    default void close() {
    }
}
