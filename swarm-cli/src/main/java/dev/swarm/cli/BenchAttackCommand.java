package dev.swarm.cli;

import dev.swarm.node.bench.AttackBenchmark;
import dev.swarm.node.bench.AttackKind;
import dev.swarm.node.bench.Trend;
import dev.swarm.node.error.SwarmException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "attack", description = "A member's latency, health's answer time and the node's memory while "
        + "swarm serve (a child process) is attacked by strangers, one attack class after another.")
final class BenchAttackCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--attacks", paramLabel = "NAME,...", split = ",",
            description = "Attacks to run, in order (default: all): heap, trickle-one, trickle-many, rapid-reset, "
                    + "hpack-bomb, continuation-flood, open-streams, slowloris, refused, malformed.")
    List<String> attacks;

    @Option(names = "--seconds", paramLabel = "SECONDS", defaultValue = "20", description = "Seconds of each attack (default ${DEFAULT-VALUE}).")
    long seconds;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "4000", description = "The member's messages posted first as fast as answered, not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--baseline", paramLabel = "SECONDS", defaultValue = "10", description = "Seconds without attack first (default ${DEFAULT-VALUE}).")
    long baseline;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "100", description = "The member's messages per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--addresses", paramLabel = "N", defaultValue = "1", description = "Loopback addresses the attacker comes from, 127.0.0.2 on: one host, or several (default ${DEFAULT-VALUE}).")
    int addresses;

    @Option(names = "--sample", paramLabel = "SECONDS", defaultValue = "1", description = "Seconds between memory samples (default ${DEFAULT-VALUE}).")
    long sample;

    @Option(names = "--live-every", paramLabel = "SECONDS", defaultValue = "0",
            description = "Seconds between measurements of the node's live heap: a full collection asked of it with jcmd, "
                    + "then the heap left (default ${DEFAULT-VALUE}: never; each pauses the node).")
    long liveEvery;

    @Option(names = "--node-heap", paramLabel = "SIZE", description = "The node's maximum heap (-Xmx), e.g. 512m (default: the JVM's).")
    String nodeHeap;

    @Option(names = "--launcher", paramLabel = "PATH",
            description = "The swarm launcher to run (default: ./swarm of this jar's checkout, else java -jar).")
    Path launcher;

    BenchAttackCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<AttackKind> kinds = attacks == null || attacks.isEmpty() ? List.of(AttackKind.values())
                : attacks.stream().map(name -> AttackKind.fromWire(name).orElseThrow(() -> SwarmException.invalidArgument(
                        "unknown attack '" + name + "'; known: " + Arrays.stream(AttackKind.values())
                                .map(AttackKind::wireName).collect(Collectors.joining(", "))))).toList();
        AttackBenchmark.Plan plan;
        try {
            plan = new AttackBenchmark.Plan(kinds, warmup, Duration.ofSeconds(baseline), Duration.ofSeconds(seconds), rate,
                    addresses, Duration.ofSeconds(sample), nodeHeap, Duration.ofSeconds(liveEvery));
        } catch (IllegalArgumentException e) {
            throw SwarmException.invalidArgument(e.getMessage());
        }
        AttackBenchmark.Result result = AttackBenchmark.run(BenchLaunchers.detect(launcher), plan);
        Output.print(context, output.json, document(result), out -> print(out, result));
        return result.nodeAlive() && result.onlyMembersStored() ? 0 : 1;
    }

    static Map<String, Object> document(AttackBenchmark.Result result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", "attack");
        document.put("launcher", result.launcher());
        document.put("node_heap", result.nodeHeap());
        document.put("rate", result.rate());
        document.put("attacker_addresses", result.attackerAddresses());
        document.put("phases", result.phases());
        document.put("node_alive", result.nodeAlive());
        document.put("member_accepted", result.memberAccepted());
        document.put("stored", result.stored());
        document.put("only_members_stored", result.onlyMembersStored());
        document.put("node_error", result.nodeError());
        document.put("samples", result.samples());
        document.put("live_heap", result.live());
        return document;
    }

    static void print(PrintStream out, AttackBenchmark.Result result) {
        out.printf("attack: a member posting %.0f msgs/s to swarm serve (%s%s) while strangers attack from %d addresses%n",
                result.rate(), result.launcher(), result.nodeHeap() == null ? "" : ", -Xmx" + result.nodeHeap(),
                result.attackerAddresses().size());
        out.println("  phase               secs   sent     ok  refused  failed  p50 ms  p99 ms  max ms"
                + "  health p99/max ms (failed)  node cores  RSS max  heap max  old end MiB");
        for (AttackBenchmark.Phase p : result.phases()) {
            out.printf("  %-18s %5.0f %6d %6d %8d %7d %7.1f %7.1f %7.1f  %9.1f / %7.1f (%d)  %10.2f  %7.1f  %8s  %7s%n",
                    p.name(), p.seconds(), p.memberSent(), p.memberOk(), p.memberRefused(), p.memberFailed(),
                    p.memberLatencyMs().median(), p.memberLatencyMs().p99(), p.memberLatencyMs().max(),
                    p.healthMs().p99(), p.healthMs().max(), p.healthFailures(), p.nodeCpuCores(), p.rssMaxMib(),
                    mib(p.heapUsedMaxMib()), mib(p.oldGenEndMib()));
            if (p.liveTrend() != null) {
                out.printf("      live heap after full collections: %d, last %.1f MiB; %s%n", result.live().stream()
                        .filter(s -> s.phase().equals(p.name())).count(), p.liveEndMib(), describe(p.liveTrend()));
            }
            if (!p.attack().isEmpty()) {
                out.println("      the node answered the attacker: " + p.attack());
            }
            if (p.memberFirstError() != null) {
                out.println("      member's first error: " + p.memberFirstError());
            }
            if (p.attackerError() != null) {
                out.println("      attacker's first error: " + p.attackerError());
            }
        }
        out.printf("  node %s; inbox holds %d messages, the member had %d accepted (%s)%n",
                result.nodeAlive() ? "alive" : "DEAD", result.stored(), result.memberAccepted(),
                result.onlyMembersStored() ? "only the member's, each once" : "MISMATCH");
        if (result.nodeError() != null) {
            out.println("  node's last words: " + result.nodeError());
        }
    }

    private static String describe(Trend trend) {
        return String.format("%s (%+.1f MiB over the fitted %d, %.1f MiB a minute, mean %.1f)",
                trend.flat() ? "flat" : "GROWING", trend.riseMib(), trend.fittedSamples(), trend.slopeMibPerMinute(),
                trend.meanMib());
    }

    private static String mib(Double value) {
        return value == null ? "-" : String.format("%.1f", value);
    }
}
