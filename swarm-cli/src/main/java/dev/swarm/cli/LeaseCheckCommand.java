package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.lease.Git;
import dev.swarm.node.lease.LeaseCheck;
import dev.swarm.node.lease.LeaseHook;
import dev.swarm.node.messaging.PeerText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", description = {"Whether a change may touch these paths: refused (exit 7, CONFLICT) when"
        + " another agent holds one exclusively, naming holder, lease and expiry. --staged checks what git would"
        + " commit (the pre-commit hook runs this). Reads the local database: no daemon needed.",
        "Without --swarm: the leases of every swarm."})
final class LeaseCheckCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Mixin
    LeaseRepoOptions repository;

    @Option(names = "--staged", description = "Check the paths staged in the git index of --dir (both sides of a"
            + " rename).")
    boolean staged;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Paths relative to the repository's root.")
    List<String> paths = new ArrayList<>();

    LeaseCheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(paths);
        if (staged) {
            all.addAll(new Git(repository.dir.toAbsolutePath()).stagedPaths());
        } else if (all.isEmpty()) {
            throw SwarmException.invalidArgument("name the paths to check, or --staged");
        }
        LeaseCheck.Result result = context.node(NodeOptions.DEFAULTS).leaseCheck().check(swarm.swarm,
                repository.repo(), all);
        if (!result.allowed()) {
            LeaseCheck.Violation first = result.violations().get(0);
            if (!output.json) {
                StringBuilder lines = new StringBuilder();
                for (LeaseCheck.Violation v : result.violations()) {
                    lines.append("swarm: ").append(Output.line(v.path())).append(": held by ")
                            .append(v.lease().holder())
                            .append(" (lease ").append(v.lease().leaseId()).append(" on ")
                            .append(Output.line(String.join(" ", v.lease().paths()))).append(", until ")
                            .append(v.lease().expiresAt()).append(", swarm ").append(Output.line(v.swarmName()))
                            .append(")\n");
                }
                context.err().print(PeerText.escape(lines.toString()));
            }
            throw new SwarmException(ErrorCode.CONFLICT, "refused: " + result.violations().size() + " path"
                    + (result.violations().size() == 1 ? " is" : "s are") + " held by other agents; ask the holder to"
                    + " release it (swarm send --to " + first.lease().holder() + "), or skip the check once: "
                    + LeaseHook.OVERRIDE + "=1 git commit ..., or git commit --no-verify",
                    java.util.Map.of("violations", result.violations()));
        }
        Output.print(context, output.json, result, out -> out.println("ok: " + result.checked() + " path"
                + (result.checked() == 1 ? "" : "s") + " of " + result.repo() + ", none held by another agent"));
        return 0;
    }
}
