package dev.swarm.cli;

import dev.swarm.node.bench.BroadcastBenchmark;
import dev.swarm.node.error.SwarmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "broadcast", description = "Time a broadcast until every member stored it, against posting to one member after another.")
final class BenchBroadcastCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--members", paramLabel = "N", defaultValue = "50", description = "Swarm size (default ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "10", description = "Measured rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Rounds not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    BenchBroadcastCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (members < 2 || rounds < 1 || warmup < 0) {
            throw SwarmException.invalidArgument("--members must be at least 2, --rounds at least 1, --warmup at least 0");
        }
        BroadcastBenchmark.Result result = BroadcastBenchmark.run(members, rounds, warmup);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "broadcast");
        document.put("members", result.members());
        document.put("rounds", result.rounds());
        document.put("parallel_ms", result.parallel());
        document.put("sequential_ms", result.sequential());
        document.put("speedup", result.speedup());
        Output.print(context, output.json, document, out -> {
            out.printf("broadcast to %d members (%d rounds)%n", members, rounds);
            out.println("  parallel fan-out (ours):       " + result.parallel());
            out.println("  one after another (anchor):    " + result.sequential());
            out.printf("  speed-up of the median:        %.1fx%n", result.speedup());
        });
        return 0;
    }
}
