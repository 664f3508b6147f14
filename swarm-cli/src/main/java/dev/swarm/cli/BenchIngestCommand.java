package dev.swarm.cli;

import dev.swarm.node.bench.IngestBenchmark;
import dev.swarm.node.error.SwarmException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", description = "Fresh signed messages per second one node verifies, stores and answers, "
        + "beside an empty HTTP/2 handler on the same stack.")
final class BenchIngestCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--senders", paramLabel = "M,...", split = ",", defaultValue = "1,4,16,64",
            description = "Concurrent senders, one connection each, per level (default ${DEFAULT-VALUE}).")
    List<Integer> levels;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "10000", description = "Messages per level (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "4000", description = "Messages posted first, not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    BenchIngestCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (levels.isEmpty() || levels.stream().anyMatch(l -> l < 1 || l > 1024) || messages < 1 || warmup < 0) {
            throw SwarmException.invalidArgument("--senders must be 1 to 1024, --messages at least 1, --warmup at least 0");
        }
        IngestBenchmark.Result result = IngestBenchmark.run(levels, messages, warmup);
        Output.print(context, output.json, document(result), out -> print(out, result));
        return result.exactlyOnce() ? 0 : 1;
    }

    static Map<String, Object> document(IngestBenchmark.Result result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "ingest");
        document.put("levels", result.levels());
        document.put("peak", result.peak());
        document.put("answered", result.answered());
        document.put("stored", result.stored());
        document.put("exactly_once", result.exactlyOnce());
        return document;
    }

    static void print(PrintStream out, IngestBenchmark.Result result) {
        out.println("ingest: fresh signed messages answered 200 by one node (HTTP/2, TLS, loopback)");
        out.println("  senders  messages    msgs/s  errors  empty-handler req/s  ratio"
                + "  server CPU us/msg (anchor)  process CPU us/msg");
        for (IngestBenchmark.Level level : result.levels()) {
            out.printf("  %7d  %8d  %8.0f  %6d  %19.0f  %4.0f%%  %11.0f (%6.0f)  %18.0f%n", level.senders(),
                    level.messages(), level.perSecond(), level.errors(), level.anchorPerSecond(),
                    100 * level.ratio(), level.serverCpuMicros(), level.anchorServerCpuMicros(),
                    level.processCpuMicros());
            if (level.firstError() != null) {
                out.println("           first error: " + level.firstError());
            }
        }
        out.printf("  peak %.0f msgs/s with %d senders; inbox holds %d of %d answered (%s)%n",
                result.peak().perSecond(), result.peak().senders(), result.stored(), result.answered(),
                result.exactlyOnce() ? "exactly once" : "MISMATCH");
        out.printf("  the node's server threads alone on %d cores: at most %.0f msgs/s (CPU bound)%n",
                Runtime.getRuntime().availableProcessors(), result.peak().serverCpuBound());
    }
}
