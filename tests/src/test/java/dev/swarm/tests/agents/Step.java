package dev.swarm.tests.agents;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the stand-in model does with one turn request: the answer to one request of the agent's main
 * loop (a request that carries the agent's tools). A tool call is a step of its own; the agent's
 * follow-up request with the tool's result takes the next step (or the default reply).
 */
sealed interface Step {
    /** Answers with this text and ends the turn. */
    record Reply(String text) implements Step {
    }

    /** Asks the agent to run {@code command} with its shell tool (the agent may ask the user first). */
    record Shell(String command) implements Step {
    }

    /**
     * Starts answering (the agent shows itself busy) and holds the response open until
     * {@link #release()}, then ends the turn with {@code text}.
     */
    final class Hold implements Step {
        private final String text;
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        Hold(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }

        /** Lets the held turn finish. */
        void release() {
            released.countDown();
        }

        /** Whether the agent's request has reached this step (the turn is running and held). */
        boolean started() {
            return started.getCount() == 0;
        }

        void markStarted() {
            started.countDown();
        }

        /** Waits up to {@code limit} for {@link #release()}; false if the limit passed first. */
        boolean awaitRelease(Duration limit) throws InterruptedException {
            return released.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String toString() {
            return "Hold[" + text + "]";
        }
    }
}
