package dev.swarm.cli;

import dev.swarm.node.agent.SwarmCommandPath;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.lease.LeaseHook;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "hook", description = {"swarm lease hook install: a git pre-commit hook that refuses a commit touching"
        + " paths another agent holds exclusively. A pre-commit hook that is not swarm's is kept: refused, or with"
        + " --chain moved to pre-commit.before-swarm and run first.", "Skip it once: SWARM_LEASE_OVERRIDE=1 git"
        + " commit ..., or git commit --no-verify."})
final class LeaseHookCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Parameters(index = "0", paramLabel = "install", description = "install")
    String action;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
            description = "A directory in the repository's work tree (default: the current one).")
    Path dir;

    @Option(names = "--repo", paramLabel = "OWNER/REPO",
            description = "Check against this repository (default: read from the git remote at each commit).")
    String repo;

    @Option(names = "--chain", description = "Keep an existing pre-commit hook that is not swarm's and run it first.")
    boolean chain;

    @Option(names = "--command", paramLabel = "PATH", description = "The swarm command the hook runs (default: this"
            + " one).")
    String command;

    LeaseHookCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!"install".equals(action)) {
            throw SwarmException.invalidArgument("swarm lease hook install is the one action");
        }
        LeaseHook.Installed installed = LeaseHook.install(dir.toAbsolutePath(),
                command != null ? command : SwarmCommandPath.current(), context.home().dir(), repo, chain);
        Output.print(context, output.json, installed, out -> {
            out.println(installed.status() + " " + installed.hook());
            if (installed.chained() != null) {
                out.println("the hook that was there runs first: " + installed.chained());
            }
        });
        return 0;
    }
}
