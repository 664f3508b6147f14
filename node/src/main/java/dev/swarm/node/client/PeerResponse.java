package dev.swarm.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A peer's HTTP answer: status, body and its {@code Retry-After} header as it came (null when absent). */
public record PeerResponse(int status, byte[] body, String retryAfter) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * How long the peer asked us to wait at {@code now}: its {@code Retry-After}, else
     * {@code details.retry_after} in its error body, in whatever unit it used ({@link RetryAfter});
     * empty when it asked nothing readable. Bounding it is the caller's business.
     */
    public Optional<Duration> askedWait(Instant now) {
        Optional<Duration> header = RetryAfter.parse(retryAfter, now);
        if (header.isPresent()) {
            return header;
        }
        try {
            JsonNode given = Json.readUntrusted(body).path("error").path("details").path("retry_after");
            return given.isValueNode() && !given.isNull() ? RetryAfter.parse(given.asText(), now) : Optional.empty();
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    /**
     * The peer's error as our exception, with the peer's code and message, so the CLI shows what the
     * peer said. A body that is not the protocol's error body becomes {@code PEER_PROTOCOL_ERROR}.
     */
    public SwarmException toException(String peer) {
        try {
            JsonNode error = Json.readTree(body).get("error");
            if (error != null && error.hasNonNull("code") && error.hasNonNull("message")) {
                ErrorCode code = ErrorCode.fromWire(error.get("code").asText());
                Map<String, Object> details = new LinkedHashMap<>();
                JsonNode given = error.get("details");
                if (given != null && given.isObject()) {
                    details.putAll(Json.mapper().convertValue(given, Map.class));
                }
                details.put("peer", peer);
                details.put("http_status", status);
                if (code == ErrorCode.PEER_PROTOCOL_ERROR) {
                    details.put("peer_code", error.get("code").asText());
                }
                return new SwarmException(code, peer + " refused: " + error.get("message").asText(), details);
            }
        } catch (IOException | RuntimeException e) {
            // fall through: not the protocol's error body
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return new SwarmException(ErrorCode.PEER_PROTOCOL_ERROR, peer + " answered HTTP " + status
                + (text.isEmpty() ? "" : ": " + text), Map.of("peer", peer, "http_status", status));
    }
}
