package dev.swarm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "release", description = "Give up a lease of yours (only its holder can).")
final class LeaseReleaseCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "LEASE_ID", description = "The lease (swarm lease list shows its id).")
    String leaseId;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "When swarm serve delivers, wait up to this long for the outcome (default ${DEFAULT-VALUE}).")
    double waitSeconds;

    LeaseReleaseCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LeaseActions.print(context, output.json, context.node(client.nodeOptions()).leases().release(swarm.swarm,
                leaseId, LeaseTiming.wait(waitSeconds)));
        return 0;
    }
}
