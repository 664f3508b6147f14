package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.github.IssueBoard;
import dev.swarm.node.github.IssueService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "board", description = "Who works on which issue: state, owner, since when, the messages, conflicts.")
final class IssueBoardCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    IssueBoardCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        IssueService.Board board = context.node(NodeOptions.DEFAULTS).issues().board(swarm.swarm);
        Output.print(context, output.json, board, out -> {
            if (board.issues().isEmpty()) {
                out.println("No message of swarm " + Output.line(board.swarmName()) + " names an issue yet.");
            }
            boolean acknowledging = IssueService.BY_ACKNOWLEDGEMENT.equals(board.orderedBy());
            if (!acknowledging && !board.issues().isEmpty()) {
                out.println("The master of " + Output.line(board.swarmName()) + " does not acknowledge claims: they are ordered"
                        + " by the time their senders state.");
            }
            for (IssueBoard.Entry e : board.issues()) {
                out.printf("%-32s %-8s %-16s %s%s%s%n", e.issue(), e.state(),
                        e.owner() == null ? "-" : Output.line(e.owner()), e.since() == null ? "" : "since " + e.since(),
                        acknowledging && !e.acknowledged() ? "  (pending acknowledgement)" : "",
                        e.note() == null ? "" : "  " + Output.line(e.note()));
                for (IssueBoard.Conflict c : e.conflicts()) {
                    out.println("    conflict: " + Output.line(c.loser()) + " claimed it at " + c.at() + ", after "
                            + Output.line(c.winner()) + (c.settled() ? "" : " (pending acknowledgement)"));
                }
                if (e.lapsed() != null) {
                    out.println("    " + Output.line(e.lapsed()) + "'s claim lapsed: no longer a member");
                }
            }
        });
        return 0;
    }
}
