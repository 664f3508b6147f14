package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.logging.LogFormat;
import dev.swarm.node.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code swarm} command's logs go through the node's binding: its format, its redaction, its codes. */
class LoggingBindingTest {
    @Test
    void theCommandLogsThroughTheRedactingBindingWithTheWireCode() {
        Logger log = LoggerFactory.getLogger("dev.swarm.cli.LoggingBindingTest");
        assertThat(log.getClass().getName()).isEqualTo("dev.swarm.node.logging.SwarmLogger");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            log.atWarn().addKeyValue("peer", "bob").log("calling with Bearer {}", "ab".repeat(32),
                    new SwarmException(ErrorCode.PEER_UNREACHABLE, "cannot reach bob"));
            LoggerFactory.getLogger("org.eclipse.jetty.Server").info("a library's info line is not shown");
        } finally {
            System.setErr(original);
        }
        String line = captured.toString(StandardCharsets.UTF_8).strip();

        assertThat(line).doesNotContain("abab", "library's info").contains("Bearer [redacted]", "PEER_UNREACHABLE",
                "bob").doesNotContain("\n");
        if (LogFormat.detect(System.getenv()) == LogFormat.JSON) {
            assertThat(Json.readTree(line).path("code").asText()).isEqualTo("PEER_UNREACHABLE");
        } else {
            assertThat(line).contains("WARN  LoggingBindingTest: calling with Bearer [redacted] [PEER_UNREACHABLE]"
                    + " peer=bob");
        }
    }
}
