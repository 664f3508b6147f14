package dev.swarm.node.github;

import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Incoming;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.wake.WakeService;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this node's agent when its claim lost: whenever a stored message names an issue, the board of
 * that issue is recomputed, and a claim of ours that lost to an earlier one is announced with one
 * urgent wake, once (remembered in {@code issue_notices}). Runs off the inbox writer's thread.
 */
public final class ClaimConflicts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimConflicts.class);

    private final Identity identity;
    private final IssueService issues;
    private final WakeService wake;
    private final Database database;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "claim-conflicts");
        thread.setDaemon(true);
        return thread;
    });

    public ClaimConflicts(Identity identity, IssueService issues, WakeService wake, Database database, Clock clock) {
        this.identity = identity;
        this.issues = issues;
        this.wake = wake;
        this.database = database;
        this.clock = clock;
    }

    /** A listener for newly stored messages. */
    public void stored(Incoming incoming) {
        List<IssueBoard.Event> events = IssueEvents.from(incoming.envelope());
        if (events.isEmpty()) {
            return;
        }
        worker.execute(() -> {
            try {
                Set<IssueKey> named = events.stream().map(IssueBoard.Event::issue).collect(Collectors.toSet());
                issues.entries(incoming.envelope().swarmId(), named).forEach(this::announceLosses);
            } catch (RuntimeException e) {
                LOG.warn("cannot check claims of message {}: {}", incoming.envelope().messageId(), e.toString());
            }
        });
    }

    private void announceLosses(IssueBoard.Entry entry) {
        String at = Timestamps.format(clock.instant());
        for (IssueBoard.Conflict conflict : entry.conflicts()) {
            if (!conflict.loser().equals(identity.agentId())) {
                continue;
            }
            boolean first = database.write(store -> store.github().markNoticed(conflict.loserMessageId(),
                    entry.issue(), at));
            if (first && wake != null) {
                wake.notice("swarm: your claim of " + entry.issue() + " lost: " + conflict.winner()
                        + " claimed it first; " + wake.hint().board());
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
