package dev.swarm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "renew", description = "Keep a lease of yours: it now runs --for from now (default 1h, at most 24h).")
final class LeaseRenewCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "LEASE_ID", description = "The lease (swarm lease list shows its id).")
    String leaseId;

    @Option(names = "--for", paramLabel = "DURATION", defaultValue = "1h",
            description = "How long from now: 90s, 30m, 2h (default ${DEFAULT-VALUE}, at most 24h).")
    String duration;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "When swarm serve delivers, wait up to this long for the outcome (default ${DEFAULT-VALUE}).")
    double waitSeconds;

    LeaseRenewCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LeaseActions.print(context, output.json, context.node(client.nodeOptions()).leases().renew(swarm.swarm, leaseId,
                LeaseTiming.parse(duration), LeaseTiming.wait(waitSeconds)));
        return 0;
    }
}
