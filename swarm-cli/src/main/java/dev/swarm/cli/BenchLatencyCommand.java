package dev.swarm.cli;

import dev.swarm.node.bench.LatencyBenchmark;
import dev.swarm.node.error.SwarmException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "latency", description = "Latency percentiles of messages posted at a fixed rate (default half the measured peak).")
final class BenchLatencyCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Messages per second; 0 measures the peak first and uses half of it (default).")
    double rate;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "3", description = "Seconds at the same rate first, not measured (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--senders", paramLabel = "M", defaultValue = "16", description = "Senders (connections) the load is spread over (default ${DEFAULT-VALUE}).")
    int senders;

    BenchLatencyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (rate < 0 || seconds <= 0 || warmup < 0 || senders < 1 || senders > 1024) {
            throw SwarmException.invalidArgument("--rate at least 0, --seconds positive, --senders 1 to 1024");
        }
        LatencyBenchmark.Result result = LatencyBenchmark.run(rate, seconds, warmup, senders);
        Output.print(context, output.json, document(result), out -> print(out, result));
        return result.errors() == 0 ? 0 : 1;
    }

    static Map<String, Object> document(LatencyBenchmark.Result result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "latency");
        document.put("peak_per_second", result.peakPerSecond());
        document.put("rate", result.rate());
        document.put("senders", result.senders());
        document.put("seconds", result.seconds());
        document.put("sent", result.sent());
        document.put("ok", result.ok());
        document.put("errors", result.errors());
        document.put("achieved_per_second", result.achievedPerSecond());
        document.put("latency_ms", result.latencyMs());
        document.put("first_error", result.firstError());
        return document;
    }

    static void print(PrintStream out, LatencyBenchmark.Result result) {
        if (result.peakPerSecond() > 0) {
            out.printf("peak (closed loop, %d senders): %.0f msgs/s%n", result.senders(), result.peakPerSecond());
        }
        out.printf("open loop at %.0f msgs/s for %.1f s: %d sent, %d ok, %d errors%n", result.rate(),
                result.seconds(), result.sent(), result.ok(), result.errors());
        out.printf("  latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n", result.latencyMs().median(),
                result.latencyMs().p95(), result.latencyMs().p99(), result.latencyMs().max());
        if (result.firstError() != null) {
            out.println("  first error: " + result.firstError());
        }
    }
}
