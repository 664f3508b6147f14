package dev.swarm.node.mcp;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.github.IssueBoard;
import dev.swarm.node.github.IssueKey;
import dev.swarm.node.state.Swarm;
import java.util.Map;
import java.util.Optional;

/**
 * {@code swarm_issue_update}: done, blocked, unblocked or released, as {@code swarm issue
 * done|block|unblock|release --json}. Beyond the CLI's checks it refuses, before anything is sent,
 * what would mislead: marking done an issue another agent holds (unless {@code force}), and blocking
 * one (the board ignores a block by anyone but the holder).
 */
final class IssueUpdateTool implements Tool {
    private static final Map<String, String> EVENTS = Map.of("done", "completed", "blocked", "blocked",
            "unblocked", "unblocked", "released", "released");
    private static final InputSchema SCHEMA = new InputSchema()
            .requiredString("issue", IssueActions.ISSUE)
            .requiredChoice("status", "done: the work is finished (anyone may say so). blocked: you hold it but"
                    + " cannot go on (say why in note). unblocked: you hold it and go on. released: you give it up"
                    + " so another agent can claim it. Only the holder blocks, unblocks or releases.",
                    "done", "blocked", "unblocked", "released")
            .string("note", "A word for the others: what was done, or (required for blocked) why it is blocked.")
            .bool("comment", "Only with status done: also post the note as a comment on the GitHub issue (needs a"
                    + " GitHub token where swarm mcp runs). A failed comment is reported in comment_error; the"
                    + " swarm message stands.", false)
            .string("swarm", IssueActions.SWARM)
            .bool("force", "Only with status done: mark it done even though another agent holds it.", false);

    private final IssueActions actions;

    IssueUpdateTool(ToolContext context) {
        this.actions = new IssueActions(context);
    }

    @Override
    public String name() {
        return "swarm_issue_update";
    }

    @Override
    public String description() {
        return "Tell your swarm how an issue you claimed (swarm_issue_claim) stands: done, blocked (with the reason"
                + " in note), unblocked, or released for someone else. Broadcasts a signed update that every"
                + " member's board (swarm_issue_board) shows; returns the message sent and the issue's board entry."
                + " Refused, with nothing sent, when the issue is another agent's to change (NOT_AUTHORIZED or"
                + " CONFLICT naming the owner).";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public Object call(Arguments arguments, Progress progress) {
        IssueKey issue = IssueActions.issue(arguments, "issue");
        String status = arguments.requiredString("status");
        String event = EVENTS.get(status);
        if (event == null) {
            throw Arguments.invalid("status", "argument 'status' must be done, blocked, unblocked or released");
        }
        String note = arguments.string("note");
        boolean comment = arguments.bool("comment", false);
        boolean force = arguments.bool("force", false);
        if (event.equals("blocked") && note == null) {
            throw Arguments.invalid("note", "argument 'note' is required for status blocked: say why it is blocked");
        }
        if (comment && !status.equals("done")) {
            throw Arguments.invalid("comment", "argument 'comment' goes with status done only");
        }
        if (force && !status.equals("done")) {
            throw Arguments.invalid("force", "argument 'force' goes with status done only");
        }
        Swarm swarm = actions.swarm(arguments);
        Optional<IssueBoard.Entry> holder = actions.heldByOther(actions.entry(swarm, issue));
        if (holder.isPresent() && event.equals("completed") && !force) {
            throw IssueActions.held(issue, holder.get(), "mark it done");
        }
        if (holder.isPresent() && event.equals("blocked")) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "only the agent holding " + issue + " ("
                    + holder.get().owner() + ") can block it; nothing was sent. Tell " + holder.get().owner()
                    + " with swarm_send instead", Map.of("issue", issue.toString(), "owner", holder.get().owner()));
        }
        return actions.act(swarm, event, issue, note, force, comment);
    }
}
