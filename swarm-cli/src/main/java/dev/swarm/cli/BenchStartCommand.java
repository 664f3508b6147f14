package dev.swarm.cli;

import dev.swarm.node.bench.StartBenchmark;
import dev.swarm.node.error.SwarmException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start", description = "Time swarm serve from launch to its first healthy answer, and swarm status --json, as child processes.")
final class BenchStartCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Measured runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1", description = "Runs first, not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--launcher", paramLabel = "PATH",
            description = "The swarm launcher to run (default: ./swarm of this jar's checkout, else java -jar).")
    Path launcher;

    BenchStartCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (runs < 1 || warmup < 0) {
            throw SwarmException.invalidArgument("--runs must be at least 1, --warmup at least 0");
        }
        StartBenchmark.Result result = StartBenchmark.run(BenchLaunchers.detect(launcher), runs, warmup);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "start");
        document.put("launcher", result.launcher());
        document.put("runs", result.runs());
        document.put("start_to_healthy_ms", result.startToHealthyMs());
        document.put("status_ms", result.statusMs());
        Output.print(context, output.json, document, out -> {
            out.println("start (" + result.runs() + " runs, " + result.launcher() + ")");
            out.println("  swarm serve to first healthy answer:  " + result.startToHealthyMs());
            out.println("  swarm status --json wall time:        " + result.statusMs());
        });
        return 0;
    }
}
