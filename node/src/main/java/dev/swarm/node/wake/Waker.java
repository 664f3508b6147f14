package dev.swarm.node.wake;

/** Something that can put a line in front of the agent. */
public interface Waker {
    /**
     * Delivers the line when it is safe to, within this waker's own bounded wait, and says how that
     * went. Only {@link WakeOutcome.Result#TYPED} counts as delivered (and earns a receipt).
     */
    WakeOutcome wake(WakeRequest request);

    /** A waker that never wakes anyone ({@code wake_method none}). */
    Waker NONE = request -> WakeOutcome.failed("wake_method is none");
}
