package dev.swarm.node.github;

import dev.swarm.node.coordination.Acknowledgements;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Incoming;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.MessageType;
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
 * that issue is recomputed (and the whole board when the master's acknowledgement arrives), and a claim
 * of ours that lost to an earlier one is announced with one urgent wake, once (remembered in
 * {@code issue_notices}), but only when the loss is settled: the master acknowledged both claims. A
 * loss in the tentative order of unacknowledged claims is not announced, so a claim that says it was
 * written earlier than it was cannot make an honest claimer's agent give up its work. Runs off the
 * inbox writer's thread.
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
        Envelope envelope = incoming.envelope();
        if (envelope.type() == MessageType.NOTIFICATION && Acknowledgements.marked(envelope.metadata())) {
            check(envelope, () -> {
                // only the master's acknowledgements count, and only they can settle a loss
                boolean fromMaster = database.read(store -> store.swarms().find(envelope.swarmId()))
                        .filter(swarm -> swarm.master().equals(envelope.sender().agentId())).isPresent();
                if (fromMaster) {
                    issues.entries(envelope.swarmId()).forEach(this::announceLosses);
                }
            });
            return;
        }
        List<IssueBoard.Event> events = IssueEvents.from(envelope);
        if (events.isEmpty()) {
            return;
        }
        Set<IssueKey> named = events.stream().map(IssueBoard.Event::issue).collect(Collectors.toSet());
        check(envelope, () -> issues.entries(envelope.swarmId(), named).forEach(this::announceLosses));
    }

    private void check(Envelope envelope, Runnable work) {
        worker.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("cannot check claims of message {}: {}", envelope.messageId(), e.toString());
            }
        });
    }

    private void announceLosses(IssueBoard.Entry entry) {
        String at = Timestamps.format(clock.instant());
        for (IssueBoard.Conflict conflict : entry.conflicts()) {
            if (!conflict.loser().equals(identity.agentId()) || !conflict.settled()) {
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
