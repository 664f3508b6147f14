package dev.swarm.node.mcp;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.github.IssueBoard;
import dev.swarm.node.github.IssueKey;
import dev.swarm.node.github.IssueService;
import dev.swarm.node.state.Swarm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code swarm_issue_claim} and {@code swarm_issue_update} share: the issue argument, the call
 * to {@link IssueService#act} (which refuses before anything is sent), refusals worded for an agent
 * (tool arguments, not the CLI's flags), and the result: the command's outcome plus the issue's
 * board entry as this node sees it once the message is sent.
 */
final class IssueActions {
    static final String ISSUE = "The GitHub issue or pull request, as owner/repo#12.";
    static final String SWARM = "Swarm id, or a unique prefix of at least 4 characters. Leave it out when this node"
            + " is in one swarm or has a default swarm (swarm_status lists them).";

    private final ToolContext context;

    IssueActions(ToolContext context) {
        this.context = context;
    }

    /** The issue argument, refused with {@code details.field} when it is not owner/repo#N. */
    static IssueKey issue(Arguments arguments, String name) {
        String text = arguments.requiredString(name);
        try {
            return IssueKey.parse(text, "argument '" + name + "'");
        } catch (SwarmException e) {
            throw Arguments.invalid(name, e.getMessage());
        }
    }

    /** The active swarm the call means. */
    Swarm swarm(Arguments arguments) {
        return context.node().resolver().resolveActive(context.swarm(arguments));
    }

    /** The issue's board entry in {@code swarm}, if any message named it. */
    Optional<IssueBoard.Entry> entry(Swarm swarm, IssueKey issue) {
        return context.node().issues().entry(swarm.swarmId(), issue);
    }

    /** Broadcasts the event; the outcome, the entry as it now stands, and the serving warning. */
    Map<String, Object> act(Swarm swarm, String event, IssueKey issue, String note, boolean force, boolean comment) {
        IssueService.Outcome outcome;
        try {
            outcome = context.node().issues().act(swarm.swarmId(), event, issue, note, force, comment,
                    context.sendWait());
        } catch (SwarmException e) {
            throw reworded(e, swarm, issue, comment);
        }
        Map<String, Object> result = Results.fields(outcome);
        entry(swarm, issue).ifPresent(entry -> result.put("entry", Results.fields(entry)));
        String warning = context.servingWarning();
        if (warning != null) {
            result.put("warning", warning);
        }
        return result;
    }

    /** The refusal that a held issue gets, naming the holder and what the agent can do instead. */
    static SwarmException held(IssueKey issue, IssueBoard.Entry entry, String verb) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("issue", issue.toString());
        details.put("owner", entry.owner());
        details.put("state", entry.state());
        details.put("since", entry.since());
        return new SwarmException(ErrorCode.CONFLICT, issue + " is " + entry.state() + " by " + entry.owner()
                + " since " + entry.since() + "; nothing was sent. Pick another issue, ask " + entry.owner()
                + " (swarm_send), or call again with force: true to " + verb + " anyway", details);
    }

    /** Whoever else holds the issue (claimed or blocked by another agent), if anyone. */
    Optional<IssueBoard.Entry> heldByOther(Optional<IssueBoard.Entry> entry) {
        String me = context.node().identity().agentId();
        return entry.filter(e -> e.owner() != null && !e.owner().equals(me)
                && (e.state().equals(IssueBoard.CLAIMED) || e.state().equals(IssueBoard.BLOCKED)));
    }

    private SwarmException reworded(SwarmException e, Swarm swarm, IssueKey issue, boolean comment) {
        if (e.code() == ErrorCode.CONFLICT) {
            // the CLI's message names --force and swarm issue board; say it in this tool's terms
            Optional<IssueBoard.Entry> entry = heldByOther(entry(swarm, issue));
            return entry.isPresent() ? held(issue, entry.get(), "claim it") : e;
        }
        if (e.code() == ErrorCode.INVALID_ARGUMENT && comment && e.getMessage().startsWith("--comment")) {
            // no GitHub token is configured; checked before anything is sent
            return Arguments.invalid("comment", "argument 'comment' needs a GitHub token, and swarm mcp has none:"
                    + " set GITHUB_TOKEN (or github_token in config.yaml) where swarm mcp starts, or call again"
                    + " without comment; nothing was sent");
        }
        return e;
    }
}
