package dev.swarm.node.doctor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;

/**
 * One check's verdict: what was found ({@code summary}), what to do about it when it is not ok
 * ({@code advice}), and the facts behind it ({@code details}, for {@code --json}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(String name, Status status, String summary, String advice, Map<String, Object> details) {
    /** Worst last: a report is as bad as its worst check. */
    public enum Status {
        OK, SKIP, WARN, FAIL;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CheckResult {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    static CheckResult ok(String name, String summary, Map<String, Object> details) {
        return new CheckResult(name, Status.OK, summary, null, details);
    }

    static CheckResult skip(String name, String summary) {
        return new CheckResult(name, Status.SKIP, summary, null, Map.of());
    }

    static CheckResult warn(String name, String summary, String advice, Map<String, Object> details) {
        return new CheckResult(name, Status.WARN, summary, advice, details);
    }

    static CheckResult fail(String name, String summary, String advice, Map<String, Object> details) {
        return new CheckResult(name, Status.FAIL, summary, advice, details);
    }
}
