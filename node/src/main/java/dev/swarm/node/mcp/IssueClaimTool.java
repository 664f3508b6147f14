package dev.swarm.node.mcp;

import dev.swarm.node.github.IssueKey;
import dev.swarm.node.state.Swarm;

/** {@code swarm_issue_claim}: tell the swarm you work on an issue, as {@code swarm issue claim --json}. */
final class IssueClaimTool implements Tool {
    private static final InputSchema SCHEMA = new InputSchema()
            .requiredString("issue", IssueActions.ISSUE)
            .string("note", "What you are going to do (shown on every member's board).")
            .string("swarm", IssueActions.SWARM)
            .bool("force", "Claim it even though another agent holds it. The claim the swarm's master saw first"
                    + " still wins on every board and yours is listed as a conflict; use it only when you have agreed"
                    + " with the holder.",
                    false);

    private final IssueActions actions;

    IssueClaimTool(ToolContext context) {
        this.actions = new IssueActions(context);
    }

    @Override
    public String name() {
        return "swarm_issue_claim";
    }

    @Override
    public String description() {
        return "Claim a GitHub issue before you start work on it, so no other agent in your swarm does the same:"
                + " broadcasts a signed claim that every member's board (swarm_issue_board) shows. Refused with a"
                + " CONFLICT error naming the owner while another agent holds it (nothing is sent then). Returns the"
                + " message sent and the issue's board entry (state, owner, since). When you finish, give up, or get"
                + " stuck, say so with swarm_issue_update.";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public Object call(Arguments arguments, Progress progress) {
        IssueKey issue = IssueActions.issue(arguments, "issue");
        String note = arguments.string("note");
        boolean force = arguments.bool("force", false);
        Swarm swarm = actions.swarm(arguments);
        return actions.act(swarm, "claimed", issue, note, force, false);
    }
}
