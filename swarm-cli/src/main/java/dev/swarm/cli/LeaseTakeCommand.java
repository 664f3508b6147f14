package dev.swarm.cli;

import dev.swarm.node.lease.LeaseEvent;
import dev.swarm.node.lease.LeaseService;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "take", description = {"Lease paths or globs of a repository (exclusive unless --shared) for a while"
        + " (--for, default 1h, at most 24h). Refused while another agent holds an overlapping lease that excludes"
        + " it, unless --force (the lease the master acknowledged first still wins everywhere).",
        "Globs: * and ? within a segment, ** for any depth; a trailing / means the directory and all below it."})
final class LeaseTakeCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Mixin
    ClientOptions client;

    @Mixin
    LeaseRepoOptions repository;

    @Parameters(arity = "1..*", paramLabel = "GLOB", description = "Paths or globs, relative to the repository's root.")
    List<String> globs;

    @Option(names = "--shared", description = "A shared lease: others may hold shared leases on the same paths.")
    boolean shared;

    @Option(names = "--for", paramLabel = "DURATION", defaultValue = "1h",
            description = "How long: 90s, 30m, 2h (default ${DEFAULT-VALUE}, at most 24h; renew to keep it).")
    String duration;

    @Option(names = "--force", description = "Take it even though another agent holds an overlapping lease.")
    boolean force;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "When swarm serve delivers, wait up to this long for the outcome (default ${DEFAULT-VALUE}).")
    double waitSeconds;

    LeaseTakeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LeaseService.Outcome outcome = context.node(client.nodeOptions()).leases().take(swarm.swarm, repository.repo(),
                globs, shared ? LeaseEvent.Mode.SHARED : LeaseEvent.Mode.EXCLUSIVE, LeaseTiming.parse(duration), force,
                LeaseTiming.wait(waitSeconds));
        LeaseActions.print(context, output.json, outcome);
        return 0;
    }
}
