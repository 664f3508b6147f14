package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "lease", description = "Lease paths and globs of a repository so other agents keep off them: take,"
        + " renew, release, list, check, and a git pre-commit hook that enforces them.",
        subcommands = {LeaseTakeCommand.class, LeaseRenewCommand.class, LeaseReleaseCommand.class,
                LeaseListCommand.class, LeaseCheckCommand.class, LeaseHookCommand.class})
final class LeaseCommand implements Callable<Integer> {
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        throw SwarmException.invalidArgument("name one: swarm lease take|renew|release|list|check|hook");
    }
}
