package dev.swarm.node.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type of the node: a code, a sentence for people, and optional details for
 * programs. The server renders it as the protocol's error body; the client rebuilds it from a peer's
 * error body, so the CLI shows what the peer said.
 */
public final class SwarmException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> details;

    public SwarmException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public SwarmException(ErrorCode code, String message, Map<String, ?> details) {
        this(code, message, details, null);
    }

    public SwarmException(ErrorCode code, String message, Map<String, ?> details, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = details == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public ErrorCode code() {
        return code;
    }

    /** Details for programs, or null when there are none. */
    public Map<String, Object> details() {
        return details;
    }

    public static SwarmException invalidFormat(String field, String message) {
        return new SwarmException(ErrorCode.INVALID_FORMAT, message, Map.of("field", field));
    }

    public static SwarmException invalidArgument(String message) {
        return new SwarmException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
