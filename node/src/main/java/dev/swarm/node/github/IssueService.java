package dev.swarm.node.github;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.membership.SwarmResolver;
import dev.swarm.node.messaging.MessageService;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.messaging.SendResult;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Reference;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Swarm;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Claims and the board: {@code swarm issue claim|done|block|unblock|release} each broadcast a message
 * with the issue as a reference and the matching action; {@code swarm issue board} computes who works
 * on what from every message of the swarm that names an issue (received and sent).
 */
public final class IssueService {
    private final Database database;
    private final Identity identity;
    private final SwarmResolver resolver;
    private final MessageService messages;
    private final GitHubClient github;
    private final BoardSource source;

    /** {@code github} is null when no token is configured (no comments are posted). */
    public IssueService(Database database, Identity identity, SwarmResolver resolver, MessageService messages,
                        GitHubClient github) {
        this.database = database;
        this.identity = identity;
        this.resolver = resolver;
        this.messages = messages;
        this.github = github;
        this.source = new BoardSource(database, identity.agentId());
    }

    /** How a swarm's board is ordered: by the master's acknowledgements, or (an older master) by time alone. */
    public static final String BY_ACKNOWLEDGEMENT = "master_acknowledgement";
    public static final String BY_SENT_TIME = "sent_time";

    /** A swarm's board: every issue any message named, in order, and what orders it. */
    public record Board(String swarmId, String swarmName, String orderedBy, List<IssueBoard.Entry> issues) {
    }

    /** What a claim command did: the message sent, and the GitHub comment posted (or why not). */
    public record Outcome(String issue, String event, SendResult message, String comment, String commentError) {
    }

    public Board board(String requestedSwarm) {
        Swarm swarm = resolver.resolve(requestedSwarm);
        BoardSource.View view = source.read(swarm.swarmId());
        return new Board(swarm.swarmId(), swarm.name(), view.acknowledging() ? BY_ACKNOWLEDGEMENT : BY_SENT_TIME,
                IssueBoard.compute(view.events(), view.members(), view.acknowledging()));
    }

    /** The board entry of one issue, if any message named it. */
    public Optional<IssueBoard.Entry> entry(String swarmId, IssueKey issue) {
        return entries(swarmId, Set.of(issue)).stream().findFirst();
    }

    /**
     * The board entries of these issues (those some message named), from one read of the swarm's
     * messages; each issue's entry is folded from its own events only, as on the whole board.
     */
    public List<IssueBoard.Entry> entries(String swarmId, Set<IssueKey> issues) {
        BoardSource.View view = source.read(swarmId);
        List<IssueBoard.Event> named = view.events().stream().filter(e -> issues.contains(e.issue())).toList();
        return IssueBoard.compute(named, view.members(), view.acknowledging());
    }

    /** Every entry of a swarm's board. */
    public List<IssueBoard.Entry> entries(String swarmId) {
        BoardSource.View view = source.read(swarmId);
        return IssueBoard.compute(view.events(), view.members(), view.acknowledging());
    }

    /** Every issue event of a swarm, with the master's acknowledgement where there is one. */
    public List<IssueBoard.Event> events(String swarmId) {
        return source.read(swarmId).events();
    }

    /**
     * Claims, completes, blocks, unblocks or releases an issue. Claiming an issue someone else holds is
     * refused unless {@code force} (then the claim the master acknowledged first still wins everywhere,
     * and this one is shown as a conflict); only the owner unblocks or releases.
     */
    public Outcome act(String requestedSwarm, String event, IssueKey issue, String note, boolean force,
                       boolean comment, Duration wait) {
        if (!IssueEvents.KINDS.contains(event)) {
            throw SwarmException.invalidArgument("unknown issue event " + event);
        }
        Swarm swarm = resolver.resolveActive(requestedSwarm);
        Optional<IssueBoard.Entry> current = entry(swarm.swarmId(), issue);
        String owner = current.map(IssueBoard.Entry::owner).orElse(null);
        boolean heldByOther = owner != null && !owner.equals(identity.agentId())
                && current.map(e -> e.state().equals(IssueBoard.CLAIMED) || e.state().equals(IssueBoard.BLOCKED))
                .orElse(false);
        if (event.equals("claimed") && heldByOther && !force) {
            throw new SwarmException(ErrorCode.CONFLICT, issue + " is " + current.get().state() + " by " + owner
                    + " since " + current.get().since() + " (see swarm issue board); --force claims it anyway, and the"
                    + " earlier claim still wins", Map.of("issue", issue.toString(), "owner", owner));
        }
        if ((event.equals("released") || event.equals("unblocked")) && !identity.agentId().equals(owner)) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "only the agent holding " + issue + " ("
                    + (owner == null ? "nobody" : owner) + ") can " + (event.equals("released") ? "release" : "unblock")
                    + " it");
        }
        if (comment && github == null) {
            throw SwarmException.invalidArgument("--comment needs a GitHub token: set GITHUB_TOKEN or github_token");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(IssueEvents.EVENT, event);
        if (note != null && !note.isBlank()) {
            metadata.put(IssueEvents.NOTE, note.strip());
        }
        String action = event.equals("released") ? null : event;
        Reference reference = new Reference("github_issue", issue.repo(), issue.number(), null, null, action);
        String content = event + " " + issue + (note == null || note.isBlank() ? "" : ": " + note.strip());
        SendResult sent = messages.send(new SendRequest(swarm.swarmId(), null, content, MessageType.MESSAGE, null, null,
                null, List.of(reference), metadata), wait);
        if (!comment) {
            return new Outcome(issue.toString(), event, sent, null, null);
        }
        try {
            String url = github.comment(issue.repo(), issue.number(), identity.agentId() + " " + content);
            return new Outcome(issue.toString(), event, sent, url, null);
        } catch (SwarmException e) {
            // the swarm message stands; the user is told the comment did not make it
            return new Outcome(issue.toString(), event, sent, null, e.getMessage());
        }
    }
}
