package dev.swarm.cli;

import dev.swarm.node.lease.Git;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which repository: {@code --repo owner/repo}, else the git remote of {@code --dir} (default: here). */
final class LeaseRepoOptions {
    @Option(names = "--repo", paramLabel = "OWNER/REPO",
            description = "The repository (default: read from the git remote of --dir, origin first).")
    String repo;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
            description = "A directory in the repository's work tree (default: the current one).")
    Path dir;

    String repo() {
        return repo != null ? repo : new Git(dir.toAbsolutePath()).repository();
    }
}
