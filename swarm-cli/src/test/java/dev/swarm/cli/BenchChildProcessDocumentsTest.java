package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.bench.AttackBenchmark;
import dev.swarm.node.bench.ExternalIngestBenchmark;
import dev.swarm.node.bench.Stats;
import dev.swarm.node.bench.Trend;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.Schemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documents of the benchmarks that run {@code swarm serve} as a child process (they need the
 * built jar and minutes, so the command itself is run by hand, see docs/performance.md): what they
 * print with {@code --json} follows their schemas, with and without the optional figures.
 */
class BenchChildProcessDocumentsTest {
    private static final Stats SOME = Stats.of(new double[] {1.5, 2.0, 9.0});
    private static final Trend FLAT = Trend.of(List.of(new Trend.Sample(0, 100), new Trend.Sample(10, 101)));

    @Test
    void attackDocumentFollowsItsSchemaWithHeapFiguresAndWithout() {
        AttackBenchmark.Phase baseline = new AttackBenchmark.Phase("baseline", 10, 1000, 1000, 0, 0, null, SOME, 40, 0,
                SOME, 0.4, 140, 139, null, null, FLAT, null, null, null, Map.of(), null);
        AttackBenchmark.Phase heap = new AttackBenchmark.Phase("heap", 23, 2300, 2290, 10, 0, "HTTP 503", SOME, 92, 1,
                SOME, 1.2, 260, 255, 120.5, 40.0, FLAT, FLAT, 31.5, FLAT, Map.of("status_429", 5000L, "status_400", 120L),
                "java.io.IOException: reset");
        AttackBenchmark.Result result = new AttackBenchmark.Result("./swarm", "512m", 100, List.of("127.0.0.2"),
                List.of(baseline, heap), List.of(new AttackBenchmark.Sample(1, "baseline", 140, null, null, null),
                new AttackBenchmark.Sample(11, "heap", 250, 100.0, 40.0, 512.0)),
                List.of(new AttackBenchmark.LiveSample(20, "heap", 31.5, 180.0)), true, 7290, 7290, true, null);

        String json = Output.text(BenchAttackCommand.document(result));

        Schemas.assertValid("cli/bench-attack.schema.json", json);
        assertThat(json).doesNotContain("null");
    }

    @Test
    void attackDocumentOfADeadNodeFollowsItsSchemaAndSaysSo() {
        AttackBenchmark.Result result = new AttackBenchmark.Result("java -jar swarm.jar", null, 100,
                List.of("127.0.0.2", "127.0.0.3"), List.of(), List.of(), List.of(), false, 0, 0, false, "OutOfMemoryError");

        String json = Output.text(BenchAttackCommand.document(result));

        Schemas.assertValid("cli/bench-attack.schema.json", json);
        assertThat(Json.readTree(json).get("node_alive").asBoolean()).isFalse();
        assertThat(Json.readTree(json).get("node_error").asText()).isEqualTo("OutOfMemoryError");
    }

    @Test
    void externalDocumentFollowsItsSchemaWithAndWithoutH2load() {
        ExternalIngestBenchmark.Generator builtIn = new ExternalIngestBenchmark.Generator("built-in", "HTTP/2", 4000, 40000,
                0, 0, 9000, 0.44, 250, 60, null, null, false);
        ExternalIngestBenchmark.Generator wrk = new ExternalIngestBenchmark.Generator("wrk", "HTTP/1.1", 6000, 90000, 0,
                0, 14000, 0.43, 230, 40, 8.5, 30.1, false);
        for (Double h2load : new Double[] {null, 12000.0}) {
            ExternalIngestBenchmark.Result result = new ExternalIngestBenchmark.Result("./swarm", 64, 2, 15,
                    List.of(builtIn, wrk), h2load, 150000, 150010, true);

            Schemas.assertValid("cli/bench-external.schema.json", Output.text(BenchExternalCommand.document(result)));
        }
    }

    @Test
    void aDocumentWithAnUnknownPhaseOrGeneratorIsNotValid() {
        Schemas.assertInvalid("cli/bench-attack.schema.json", "{\"benchmark\":\"attack\",\"launcher\":\"x\",\"rate\":1,"
                + "\"attacker_addresses\":[\"127.0.0.2\"],\"phases\":[{\"name\":\"dance\"}],\"node_alive\":true,"
                + "\"member_accepted\":0,\"stored\":0,\"only_members_stored\":true,\"samples\":[]}");
        Schemas.assertInvalid("cli/bench-external.schema.json", "{\"benchmark\":\"external\",\"launcher\":\"x\","
                + "\"connections\":1,\"threads\":1,\"seconds\":1,\"generators\":[{\"name\":\"ab\"}],\"answered\":0,"
                + "\"stored\":0,\"exactly_once\":true}");
    }
}
