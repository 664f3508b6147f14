package dev.swarm.cli;

import picocli.CommandLine.Option;

/** {@code --swarm}: which swarm; falls back to SWARM_ID, then default_swarm, then the only swarm. */
public final class SwarmOption {
    @Option(names = {"-s", "--swarm"}, paramLabel = "ID",
            description = "Swarm id (or a unique prefix). Default: SWARM_ID, default_swarm, or the only swarm.")
    String swarm;
}
