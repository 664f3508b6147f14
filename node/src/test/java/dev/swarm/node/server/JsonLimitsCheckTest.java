package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonLimitsCheckTest {
    private static final int CHUNK = 16 * 1024;

    /** Feeds {@code body} in chunks as the body reader does; the bytes fed before a refusal, or -1. */
    private static long refusedAfter(byte[] body, int chunk) {
        JsonLimitsCheck check = new JsonLimitsCheck();
        byte[] buffer = new byte[chunk];
        for (int at = 0; at < body.length; at += chunk) {
            int n = Math.min(chunk, body.length - at);
            System.arraycopy(body, at, buffer, 0, n); // the reader reuses its buffer
            try {
                check.feed(buffer, 0, n);
            } catch (SwarmException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FORMAT);
                assertThat(e.details()).isEqualTo(Map.of("field", "$", "reason", "json_limits"));
                return at + n;
            }
        }
        return -1;
    }

    private static byte[] tinyValues(int bytes) {
        StringBuilder bomb = new StringBuilder("{\"x\":[");
        while (bomb.length() < bytes - 4) {
            bomb.append("{},");
        }
        return bomb.append("{}]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aMebibyteOfTinyValuesIsRefusedInItsFirstChunks() {
        assertThat(refusedAfter(tinyValues(1 << 20), CHUNK)).isBetween(1L, 3L * CHUNK);
    }

    @Test
    void nestingBeyondTheLimitIsRefusedInTheFirstChunk() {
        assertThat(refusedAfter("[".repeat(100_000).getBytes(StandardCharsets.US_ASCII), CHUNK)).isEqualTo(CHUNK);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, CHUNK})
    void whatItRefusesTheParseAfterTheReadRefusesForTheSameReasonWhateverTheChunks(int chunk) {
        String longName = "n".repeat(1_025);
        String[] beyond = {new String(tinyValues(200_000), StandardCharsets.US_ASCII), "[".repeat(40) + "]".repeat(40),
            "{\"" + longName + "\":1}", "{\"n\":" + "9".repeat(100) + "}"};
        for (String body : beyond) {
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            assertThat(refusedAfter(bytes, chunk)).as(body.substring(0, 20)).isPositive();
            assertThat(catchThrowable(() -> Json.readUntrusted(bytes))).isInstanceOf(StreamConstraintsException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, CHUNK})
    void whatTheParseAcceptsOrRefusesForAnotherReasonPassesWhateverTheChunks(int chunk) throws IOException {
        String envelope = "{\"protocol_version\":\"0.1.0\",\"sender\":{\"agent_id\":\"bob\"},\"content\":\"caf\u00e9 "
                + "x".repeat(60_000) + "\",\"references\":[" + "\"a\",".repeat(2_000) + "\"a\"]}";
        String nearTheLimits = "[".repeat(31) + "]".repeat(31);
        Json.readUntrusted(envelope.getBytes(StandardCharsets.UTF_8));
        Json.readUntrusted(nearTheLimits.getBytes(StandardCharsets.US_ASCII));
        String[] passing = {envelope, nearTheLimits, "not json at all " + "[".repeat(100),
            "{}" + "[".repeat(100), "{\"a\":\u0001}", "\"unterminated"};
        for (String body : passing) {
            String start = body.substring(0, Math.min(10, body.length()));
            assertThat(refusedAfter(body.getBytes(StandardCharsets.UTF_8), chunk)).as(start).isEqualTo(-1);
        }
    }

    @Test
    void invalidUtf8IsLeftToTheParse() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        assertThat(refusedAfter(body, CHUNK)).isEqualTo(-1);
        assertThatThrownBy(() -> Json.readUntrusted(body)).isInstanceOf(IOException.class)
                .isNotInstanceOf(StreamConstraintsException.class);
    }
}
