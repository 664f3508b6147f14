package dev.swarm.cli;

import dev.swarm.node.bench.ExternalIngestBenchmark;
import dev.swarm.node.error.SwarmException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "external", description = "Messages per second swarm serve (a child process) verifies and stores, "
        + "driven by wrk with pre-signed bodies and by the built-in generator, each beside the node's health rate.")
final class BenchExternalCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--connections", paramLabel = "C", defaultValue = "64", description = "Connections of each generator (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2", description = "wrk's and h2load's threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seconds", paramLabel = "SECONDS", defaultValue = "15", description = "Seconds of each wrk and h2load run (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "150000", description = "Pre-signed bodies for wrk; more than it can send in --seconds (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--builtin-messages", paramLabel = "N", defaultValue = "40000", description = "Messages (and health requests) of the built-in generator (default ${DEFAULT-VALUE}).")
    int builtInMessages;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20000", description = "Messages posted first, not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--wrk-warmup", paramLabel = "SECONDS", defaultValue = "10", description = "Seconds wrk posts other bodies before its measured run, not measured (default ${DEFAULT-VALUE}).")
    int wrkWarmup;

    @Option(names = "--launcher", paramLabel = "PATH",
            description = "The swarm launcher to run (default: ./swarm of this jar's checkout, else java -jar).")
    Path launcher;

    BenchExternalCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ExternalIngestBenchmark.Plan plan;
        try {
            plan = new ExternalIngestBenchmark.Plan(connections, threads, seconds, messages, builtInMessages, warmup,
                    wrkWarmup);
        } catch (IllegalArgumentException e) {
            throw SwarmException.invalidArgument(e.getMessage());
        }
        ExternalIngestBenchmark.Result result;
        try {
            result = ExternalIngestBenchmark.run(BenchLaunchers.detect(launcher), plan);
        } catch (IllegalStateException e) {
            throw SwarmException.invalidArgument(e.getMessage());
        }
        Output.print(context, output.json, document(result), out -> print(out, result));
        return result.exactlyOnce() && result.generators().stream().noneMatch(
                ExternalIngestBenchmark.Generator::bodiesRanOut) ? 0 : 1;
    }

    static Map<String, Object> document(ExternalIngestBenchmark.Result result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "external");
        document.put("launcher", result.launcher());
        document.put("connections", result.connections());
        document.put("threads", result.wrkThreads());
        document.put("seconds", result.seconds());
        document.put("generators", result.generators());
        document.put("h2load_health_per_second", result.h2loadHealthPerSecond());
        document.put("answered", result.answered());
        document.put("stored", result.stored());
        document.put("exactly_once", result.exactlyOnce());
        return document;
    }

    static void print(PrintStream out, ExternalIngestBenchmark.Result result) {
        out.printf("external: swarm serve (%s), %d connections per generator%n", result.launcher(),
                result.connections());
        out.println("  generator  protocol  msgs/s stored  health req/s  ratio  node CPU us/msg (/health)  refused  errors");
        for (ExternalIngestBenchmark.Generator g : result.generators()) {
            out.printf("  %-9s  %-8s  %13.0f  %12.0f  %4.0f%%  %15.0f (%7.0f)  %7d  %6d%s%n", g.name(), g.protocol(),
                    g.messagesPerSecond(), g.healthPerSecond(), 100 * g.ratio(), g.nodeCpuMicrosPerMessage(),
                    g.nodeCpuMicrosPerHealth(), g.refused(), g.errors(),
                    g.bodiesRanOut() ? "  (ran out of bodies: raise --messages)" : "");
            if (g.p99Ms() != null) {
                out.printf("             latency p50 %.2f ms, p99 %.2f ms (as wrk saw it)%n", g.p50Ms(), g.p99Ms());
            }
        }
        if (result.h2loadHealthPerSecond() != null) {
            out.printf("  h2load, /health over HTTP/2: %.0f req/s%n", result.h2loadHealthPerSecond());
        }
        out.printf("  inbox holds %d; %d answered 200 (%s)%n", result.stored(), result.answered(),
                result.exactlyOnce() ? "each answered message stored once" : "MISMATCH");
    }
}
