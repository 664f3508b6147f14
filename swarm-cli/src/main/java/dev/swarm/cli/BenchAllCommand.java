package dev.swarm.cli;

import dev.swarm.node.bench.IngestBenchmark;
import dev.swarm.node.bench.LatencyBenchmark;
import dev.swarm.node.error.SwarmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Ingest, then latency at half of the ingest run's peak, in the same JVM (so the receive path the
 * latency run meets is as warm as the one that reached the peak). The other benchmarks have their
 * own commands; their runs are long (memory) or start processes of their own (start).
 */
@Command(name = "all", description = "Ingest at every level, then latency at half the ingest peak, in one run.")
final class BenchAllCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--senders", paramLabel = "M,...", split = ",", defaultValue = "1,4,16,64",
            description = "Ingest levels (default ${DEFAULT-VALUE}).")
    List<Integer> levels;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "10000", description = "Ingest messages per level (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "4000", description = "Ingest messages posted first, not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "Measured latency seconds (default ${DEFAULT-VALUE}).")
    double seconds;

    BenchAllCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (levels.isEmpty() || levels.stream().anyMatch(l -> l < 1 || l > 1024) || messages < 1 || warmup < 0 || seconds <= 0) {
            throw SwarmException.invalidArgument("--senders must be 1 to 1024, --messages and --seconds positive, --warmup at least 0");
        }
        IngestBenchmark.Result ingest = IngestBenchmark.run(levels, messages, warmup);
        LatencyBenchmark.Result latency = LatencyBenchmark.run(Math.max(1, ingest.peak().perSecond() / 2), seconds, 3, 16);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "all");
        document.put("ingest", BenchIngestCommand.document(ingest));
        document.put("latency", BenchLatencyCommand.document(latency));
        Output.print(context, output.json, document, out -> {
            BenchIngestCommand.print(out, ingest);
            out.println("latency at half the ingest peak:");
            BenchLatencyCommand.print(out, latency);
        });
        return ingest.exactlyOnce() && latency.errors() == 0 ? 0 : 1;
    }
}
