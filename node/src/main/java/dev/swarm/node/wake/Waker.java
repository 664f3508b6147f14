package dev.swarm.node.wake;

import java.util.List;
import java.util.Optional;

/** Something that can put a line in front of the agent. */
public interface Waker {
    /** Empty when the line was delivered, else exactly why not. */
    Optional<String> wake(String line, List<WakeCandidate> batch, WakeLevel level);

    /** What the agent's screen shows now, for waiting until it is still; empty when there is no screen. */
    Optional<String> snapshot();

    /** A waker that never wakes anyone ({@code wake_method none}). */
    Waker NONE = new Waker() {
        @Override
        public Optional<String> wake(String line, List<WakeCandidate> batch, WakeLevel level) {
            return Optional.of("wake_method is none");
        }

        @Override
        public Optional<String> snapshot() {
            return Optional.empty();
        }
    };
}
