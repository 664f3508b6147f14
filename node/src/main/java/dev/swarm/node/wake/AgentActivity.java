package dev.swarm.node.wake;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the agent's hooks last said about it: idle at its prompt, working through a turn, waiting for
 * its user, gone. Only hooks change it; a node without hooks installed stays {@link State#UNKNOWN} and
 * the wake then goes by the screen alone. Thread-safe: hooks arrive on the local API's threads, the
 * wake reads on its own.
 */
public final class AgentActivity {
    /** The agent's state as its hooks reported it. */
    public enum State { UNKNOWN, IDLE, WORKING, NEEDS_USER, GONE }

    /** The last report: which client, what it said, when. */
    public record Snapshot(State state, String agent, AgentSignal signal, Instant at) {
        static final Snapshot NONE = new Snapshot(State.UNKNOWN, null, null, null);

        /**
         * True when the agent's hooks are reporting (a session is running with them), so they will bring
         * messages at its next turn.
         */
        public boolean hooksReport() {
            return state != State.UNKNOWN && state != State.GONE;
        }
    }

    /** A prompt a hook saw submitted, for confirming that a typed wake line really was. */
    public record Prompt(String agent, String text, Instant at) {
    }

    private final Clock clock;
    private final List<Consumer<Prompt>> promptListeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot last = Snapshot.NONE;

    public AgentActivity(Clock clock) {
        this.clock = clock;
    }

    /** Records a hook's signal; a prompt's text (when the client gave it) goes to the prompt listeners. */
    public void signal(String agent, AgentSignal signal, Optional<String> prompt) {
        Instant now = clock.instant();
        last = new Snapshot(signal.state(), agent, signal, now);
        prompt.ifPresent(text -> promptListeners.forEach(listener -> listener.accept(new Prompt(agent, text, now))));
    }

    public Snapshot current() {
        return last;
    }

    public void onPrompt(Consumer<Prompt> listener) {
        promptListeners.add(listener);
    }

    public void removePromptListener(Consumer<Prompt> listener) {
        promptListeners.remove(listener);
    }
}
