package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.support.Schemas;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm bench} with tiny parameters: one JSON document of the documented shape, and what it
 * says about the node holds (every message answered 200 is in the inbox once). Figures are never
 * asserted: they depend on the machine.
 */
class BenchCommandTest {
    @TempDir
    Path home;

    @Test
    void ingestPrintsOneDocumentPerItsSchemaAndEveryAnsweredMessageIsStoredOnce() {
        Cli.Result result = Cli.home(home).ok("bench", "ingest", "--senders", "1,3", "--messages", "30", "--warmup", "6",
                "--json");
        Schemas.assertValid("cli/bench-ingest.schema.json", result.out());
        JsonNode document = result.json();
        assertThat(document.get("levels")).hasSize(2);
        assertThat(document.get("levels").get(1).get("senders").asInt()).isEqualTo(3);
        assertThat(document.get("levels").get(1).get("messages").asInt()).isEqualTo(30);
        assertThat(document.get("exactly_once").asBoolean()).isTrue();
        // 6 warm-up messages (two per sender), then 30 and 30
        assertThat(document.get("stored").asLong()).isEqualTo(66);
    }

    @Test
    void latencyAtAGivenRatePrintsOneDocumentPerItsSchemaWithEveryMessageAnswered() {
        Cli.Result result = Cli.home(home).ok("bench", "latency", "--rate", "40", "--seconds", "0.5", "--warmup", "0",
                "--senders", "2", "--json");
        Schemas.assertValid("cli/bench-latency.schema.json", result.out());
        JsonNode document = result.json();
        assertThat(document.get("sent").asInt()).isEqualTo(20);
        assertThat(document.get("ok").asInt()).isEqualTo(20);
        assertThat(document.get("latency_ms").get("samples").asInt()).isEqualTo(20);
        assertThat(document.get("peak_per_second").asDouble()).isZero();
    }

    @Test
    void broadcastPrintsOneDocumentPerItsSchema() {
        Cli.Result result = Cli.home(home).ok("bench", "broadcast", "--members", "3", "--rounds", "2", "--warmup", "0",
                "--json");
        Schemas.assertValid("cli/bench-broadcast.schema.json", result.out());
        assertThat(result.json().get("parallel_ms").get("samples").asInt()).isEqualTo(2);
    }

    @Test
    void allRunsLatencyAtHalfTheIngestPeakAndPrintsOneDocumentPerItsSchema() {
        Cli.Result result = Cli.home(home).ok("bench", "all", "--senders", "2", "--messages", "20", "--warmup", "0",
                "--seconds", "0.3", "--json");
        Schemas.assertValid("cli/bench-all.schema.json", result.out());
        JsonNode document = result.json();
        double peak = document.get("ingest").get("peak").get("per_second").asDouble();
        assertThat(document.get("latency").get("rate").asDouble()).isEqualTo(Math.max(1, peak / 2));
        assertThat(document.get("latency").get("errors").asInt()).isZero();
    }

    @Test
    void aNegativeLiveHeapIntervalIsRefusedBeforeAnythingRuns() {
        Cli.Result result = Cli.home(home).run("bench", "attack", "--live-every", "-5");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("live heap's interval");
    }
}
