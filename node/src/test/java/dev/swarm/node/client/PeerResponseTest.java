package dev.swarm.node.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.ErrorBody;
import dev.swarm.node.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PeerResponseTest {
    static Stream<ErrorCode> wireCodes() {
        return Arrays.stream(ErrorCode.values()).filter(ErrorCode::isWireCode);
    }

    @ParameterizedTest
    @MethodSource("wireCodes")
    void aPeersErrorBodyBecomesTheSameCodeWithThePeersMessage(ErrorCode code) {
        SwarmException sent = new SwarmException(code, "the peer's words", Map.of("field", "content"));
        PeerResponse response = new PeerResponse(code.httpStatus(), Json.toBytes(ErrorBody.of(sent)), null);
        SwarmException received = response.toException("https://bob.example/swarm");
        assertThat(received.code()).isEqualTo(code);
        assertThat(received.getMessage()).contains("the peer's words").contains("bob.example");
        assertThat(received.details()).containsEntry("field", "content").containsEntry("http_status",
                code.httpStatus());
    }

    @Test
    void aBodyThatIsNotTheProtocolsIsAPeerProtocolErrorQuotingIt() {
        PeerResponse response = new PeerResponse(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8),
                null);
        SwarmException received = response.toException("https://bob.example/swarm");
        assertThat(received.code()).isEqualTo(ErrorCode.PEER_PROTOCOL_ERROR);
        assertThat(received.getMessage()).contains("502").contains("Bad Gateway");
    }

    @Test
    void anUnknownCodeFromAPeerIsKeptInTheDetails() {
        byte[] body = "{\"error\":{\"code\":\"SHINY_NEW\",\"message\":\"no\",\"details\":null}}"
                .getBytes(StandardCharsets.UTF_8);
        SwarmException received = new PeerResponse(400, body, null).toException("peer");
        assertThat(received.code()).isEqualTo(ErrorCode.PEER_PROTOCOL_ERROR);
        assertThat(received.details()).containsEntry("peer_code", "SHINY_NEW");
    }

    @Test
    void aWaitIsReadFromRetryAfterElseFromTheErrorBodysRetryAfter() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        byte[] body = "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"no\",\"details\":{\"retry_after\":1772366410}}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new PeerResponse(429, body, "7").askedWait(now)).contains(Duration.ofSeconds(7));
        assertThat(new PeerResponse(429, body, null).askedWait(now)).contains(Duration.ofSeconds(10));
        assertThat(new PeerResponse(429, body, "soon").askedWait(now)).contains(Duration.ofSeconds(10));
        assertThat(new PeerResponse(503, "<html>".getBytes(StandardCharsets.UTF_8), null).askedWait(now)).isEmpty();
        assertThat(new PeerResponse(503, new byte[0], " 0 ").askedWait(now)).contains(Duration.ZERO);
    }
}
