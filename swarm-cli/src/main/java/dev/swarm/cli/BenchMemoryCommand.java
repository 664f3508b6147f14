package dev.swarm.cli;

import dev.swarm.node.bench.MemoryBenchmark;
import dev.swarm.node.error.SwarmException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "memory", description = "Resident memory of swarm serve (a child process) idle, then sampled under sustained load.")
final class BenchMemoryCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "600", description = "Seconds of load (default ${DEFAULT-VALUE}).")
    long duration;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "500", description = "Messages per second during the load (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "10", description = "Seconds idle after start before the idle reading (default ${DEFAULT-VALUE}).")
    long idle;

    @Option(names = "--sample", paramLabel = "SECONDS", defaultValue = "10", description = "Seconds between samples (default ${DEFAULT-VALUE}).")
    long sample;

    @Option(names = "--launcher", paramLabel = "PATH",
            description = "The swarm launcher to run (default: ./swarm of this jar's checkout, else java -jar).")
    Path launcher;

    BenchMemoryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (duration < 0 || rate <= 0 || idle < 0 || sample < 1) {
            throw SwarmException.invalidArgument("--duration and --idle at least 0, --rate positive, --sample at least 1");
        }
        MemoryBenchmark.Result result = MemoryBenchmark.run(BenchLaunchers.detect(launcher), Duration.ofSeconds(idle),
                Duration.ofSeconds(duration), rate, Duration.ofSeconds(sample));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "memory");
        document.put("launcher", result.launcher());
        document.put("idle_rss_mib", result.idleRssMib());
        document.put("load_seconds", result.loadSeconds());
        document.put("rate", result.rate());
        document.put("sent", result.sent());
        document.put("ok", result.ok());
        document.put("errors", result.errors());
        document.put("first_error", result.firstError());
        document.put("max_rss_mib", result.maxRssMib());
        document.put("trend", result.trend());
        document.put("samples", result.samples());
        Output.print(context, output.json, document, out -> {
            out.printf("memory of swarm serve (%s)%n", result.launcher());
            out.printf("  idle after %d s: %.1f MiB resident%n", idle, result.idleRssMib());
            out.printf("  under %.0f msgs/s for %.0f s: %d sent, %d ok, %d errors%n", result.rate(), result.loadSeconds(),
                    result.sent(), result.ok(), result.errors());
            out.println("    seconds   RSS MiB");
            result.samples().forEach(s -> out.printf("    %7.0f  %8.1f%n", s.seconds(), s.rssMib()));
            out.printf("  max %.1f MiB; trend after warm-up %+.2f MiB/min (%+.1f MiB over the fit): %s%n",
                    result.maxRssMib(), result.trend().slopeMibPerMinute(), result.trend().riseMib(),
                    result.trend().flat() ? "flat" : "GROWING");
            if (result.firstError() != null) {
                out.println("  first error: " + result.firstError());
            }
        });
        return result.errors() == 0 ? 0 : 1;
    }
}
