package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "bench", description = "Measure this machine: start nodes on loopback and time what users feel.",
        subcommands = {BenchIngestCommand.class, BenchLatencyCommand.class, BenchBroadcastCommand.class,
                BenchStartCommand.class, BenchMemoryCommand.class, BenchAllCommand.class, BenchAttackCommand.class,
                BenchExternalCommand.class})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        throw SwarmException.invalidArgument("name a benchmark: swarm bench ingest|latency|broadcast|start|memory|all|attack|external");
    }
}
