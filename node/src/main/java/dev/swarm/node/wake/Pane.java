package dev.swarm.node.wake;

import java.util.Optional;

/** The wake pane as the typist uses it: read the screen, type text literally, press keys. */
public interface Pane {
    /** The screen now, or why it cannot be read. */
    Result<PaneScreen> screen();

    /** Types the text literally (nothing in it is read as a key name). */
    Optional<String> type(String text);

    /** Presses one named key ({@code Enter}, {@code BSpace}) {@code times} times. */
    Optional<String> press(String key, int times);

    /** A value or why there is none. */
    record Result<T>(T value, String failure) {
        public static <T> Result<T> of(T value) {
            return new Result<>(value, null);
        }

        public static <T> Result<T> failed(String failure) {
            return new Result<>(null, failure);
        }

        public boolean ok() {
            return failure == null;
        }
    }
}
