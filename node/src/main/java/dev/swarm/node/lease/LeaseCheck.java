package dev.swarm.node.lease;

import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a change may touch some paths of a repository: refused for every path that an active
 * exclusive lease of another agent covers, in any swarm this node is in (or the one named). Reads
 * only the local database, so it works while no daemon runs (as a git hook must). Paths are taken as
 * given relative to the repository's root, {@code .} and {@code ..} applied first, so
 * {@code src/../secret/key} is checked as {@code secret/key}; a path that leaves the repository is
 * refused as an argument.
 */
public final class LeaseCheck {
    private final LeaseService leases;
    private final String selfId;

    public LeaseCheck(LeaseService leases, String selfId) {
        this.leases = leases;
        this.selfId = selfId;
    }

    /** A path another agent holds: where, and the lease. */
    public record Violation(String path, String swarmId, String swarmName, LeaseTable.Lease lease) {
    }

    /** The verdict: {@code allowed} when no path is held by another agent. */
    public record Result(String repo, int checked, boolean allowed, List<Violation> violations) {
        public Result {
            violations = List.copyOf(violations);
        }
    }

    /** Checks {@code paths} of {@code repo} against the leases of swarm {@code requested} (null: every one). */
    public Result check(String requested, String repo, List<String> paths) {
        if (!Identifiers.isRepo(repo)) {
            throw SwarmException.invalidArgument("the repository must look like owner/repo, not '" + repo + "'");
        }
        List<String> normalised = new ArrayList<>();
        for (String path : paths) {
            Optional<String> inside = LeaseGlob.normalisePath(path);
            if (inside.isEmpty()) {
                throw SwarmException.invalidArgument("the path '" + path.replaceAll("\\p{Cntrl}", "?")
                        + "' is empty or outside the repository");
            }
            normalised.add(inside.get());
        }
        List<LeaseService.Table> tables = requested == null ? leases.tables() : List.of(leases.table(requested));
        List<Violation> violations = new ArrayList<>();
        for (LeaseService.Table table : tables) {
            for (LeaseTable.Lease lease : table.leases()) {
                if (!lease.active() || !lease.exclusive() || lease.holder().equals(selfId)
                        || !lease.repo().equals(repo)) {
                    continue;
                }
                List<LeaseGlob> globs = lease.paths().stream().map(LeaseGlob::parse).toList();
                for (String path : normalised) {
                    if (globs.stream().anyMatch(glob -> glob.matches(path))) {
                        violations.add(new Violation(path, table.swarmId(), table.swarmName(), lease));
                    }
                }
            }
        }
        return new Result(repo, normalised.size(), violations.isEmpty(), violations);
    }
}
