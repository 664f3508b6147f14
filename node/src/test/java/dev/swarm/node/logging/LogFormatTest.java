package dev.swarm.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Log lines: JSON for the journal, text for a terminal, the wire's error codes, and no secrets. */
class LogFormatTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final String TOKEN = "3f".repeat(32);
    private static final String SIGNATURE = "q1Zk2cJr9Xw8PpL0sT4uV7yB3nM6hD5eF1gH2iJ3kL4mN5oP6qR7sT8uV9wX0yZ1aB2cD3eF4gH5iJ6kL7mN8oP9q==";

    @Test
    void theJournalGetsJsonLinesAndATerminalText() {
        assertThat(LogFormat.detect(Map.of("JOURNAL_STREAM", "8:12345"))).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.detect(Map.of())).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.detect(Map.of("JOURNAL_STREAM", "8:1", "SWARM_LOG_FORMAT", "text"))).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.detect(Map.of("SWARM_LOG_FORMAT", "json"))).isEqualTo(LogFormat.JSON);
    }

    @Test
    void aJsonLineCarriesTheWireErrorCodeAndTheFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("peer", "bob");
        fields.put("attempts", 3);
        String line = LogFormat.JSON.render(AT, "WARN", "dev.swarm.node.observe.NodeMetrics", "delivery is dead", fields,
                new SwarmException(ErrorCode.PEER_UNREACHABLE, "cannot reach https://bob.example/swarm: timed out"));

        assertThat(line).doesNotContain("\n");
        JsonNode json = Json.readTree(line);
        assertThat(json.path("ts").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("msg").asText()).isEqualTo("delivery is dead");
        assertThat(json.path("code").asText()).isEqualTo("PEER_UNREACHABLE");
        assertThat(json.path("peer").asText()).isEqualTo("bob");
        assertThat(json.path("attempts").asInt()).isEqualTo(3);
        assertThat(json.path("error").asText()).contains("timed out");
    }

    @Test
    void aTextLineIsReadableWithTheCode() {
        String line = LogFormat.TEXT.render(AT, "WARN", "dev.swarm.node.messaging.InboxWriter", "refused", Map.of("peer",
                "bob"), new SwarmException(ErrorCode.INVALID_SIGNATURE, "bad signature"));

        assertThat(line).isEqualTo("2026-01-02T03:04:05.678Z WARN  InboxWriter: refused [INVALID_SIGNATURE] peer=bob"
                + " (bad signature)");
    }

    @Test
    void tokensKeysSignaturesAndInvitesNeverReachTheLog() {
        String message = "called with Authorization: Bearer " + TOKEN + ", token=" + TOKEN + " signature " + SIGNATURE
                + " {\"public_key\":\"MCowBQYDK2VwAyEAb3x\"} invite swarm://join?token=eyJhbGciOiJFZERTQSJ9.eyJzd2FybSI6MX0.c2ln"
                + " key -----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA\n-----END PRIVATE KEY----- admin " + TOKEN;
        for (LogFormat format : LogFormat.values()) {
            String line = format.render(AT, "INFO", "x", message, Map.of("token", TOKEN), null);
            assertThat(line).as(format.name()).doesNotContain(TOKEN, SIGNATURE, "MC4CAQAw", "eyJhbGci", "MCowBQYD",
                    "BEGIN PRIVATE KEY\n").contains("[redacted]");
        }
    }

    @Test
    void pathsAndIdsStayReadable() {
        String message = "opened /usr/lib/jvm/java-17-openjdk-amd64/bin/java for message 0b6b3c4e-9f1a-4c55-8d2e-7f0a1b2c3d4e";
        assertThat(LogFormat.TEXT.render(AT, "INFO", "x", message, Map.of(), null)).endsWith(message);
    }

    @Test
    void controlCharactersFromAPeerCannotDriveTheTerminal() {
        String line = LogFormat.TEXT.render(AT, "WARN", "x", "bob said \u001b[2J\u001b]0;owned\u0007 \u202Eevil", Map.of(),
                null);

        assertThat(line).doesNotContain("\u001b", "\u0007", "\u202E").contains("\\u001b[2J", "\\u202eevil");
    }
}
