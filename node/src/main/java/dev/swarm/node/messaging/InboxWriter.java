package dev.swarm.node.messaging;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.membership.MemberDirectory;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.InboxMessage;
import dev.swarm.node.state.ReceiveStatements;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores received messages with group commit: one thread takes every message waiting in its queue
 * (up to {@value #MAX_BATCH}) and writes them in one transaction, then answers each caller. A caller
 * is answered only after the transaction holding its message has committed, so a 200 always means
 * "on disk". Concurrent arrivals share one fsync instead of paying one each.
 */
public final class InboxWriter implements AutoCloseable {
    static final int MAX_BATCH = 256;
    private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);

    private final Database database;
    private final MemberDirectory directory;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** How a stored message turned out. */
    public enum Outcome { STORED, DUPLICATE }

    private record Job(Incoming incoming, CompletableFuture<Outcome> result) {
    }

    public InboxWriter(Database database, MemberDirectory directory) {
        this.database = database;
        this.directory = directory;
        this.thread = new Thread(this::run, "inbox-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a verified message; the future completes once it is committed (or refused). */
    public CompletableFuture<Outcome> submit(Incoming incoming) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new SwarmException(ErrorCode.INTERNAL_ERROR, "node is shutting down"));
            return result;
        }
        queue.add(new Job(incoming, result));
        return result;
    }

    private void run() {
        List<Job> batch = new ArrayList<>(MAX_BATCH);
        try (Database.Session session = database.openSession()) {
            while (running || !queue.isEmpty()) {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(session, batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("inbox writer stopped", e);
        } finally {
            running = false;
            failRemaining(batch);
            failRemaining(new ArrayList<>(queue));
        }
    }

    private void write(Database.Session session, List<Job> batch) {
        List<Object> results;
        try {
            results = session.write(store -> {
                List<Object> each = new ArrayList<>(batch.size());
                for (Job job : batch) {
                    each.add(store(store, session.statements(), job.incoming()));
                }
                return each;
            });
        } catch (RuntimeException batchFailure) {
            // One bad message must not sink its neighbours: write each alone to find out who fails. A
            // state change that finds its precondition gone (a race) refuses with a SwarmException.
            if (!(batchFailure instanceof SwarmException)) {
                LOG.warn("inbox batch of {} failed ({}); retrying one by one", batch.size(), batchFailure.toString());
            }
            results = new ArrayList<>(batch.size());
            for (Job job : batch) {
                try {
                    results.add(session.write(store -> store(store, session.statements(), job.incoming())));
                } catch (SwarmException refusal) {
                    results.add(refusal);
                } catch (RuntimeException e) {
                    LOG.error("cannot store message {}", job.incoming().envelope().messageId(), e);
                    results.add(new SwarmException(ErrorCode.INTERNAL_ERROR, "could not store the message"));
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Object result = results.get(i);
            Job job = batch.get(i);
            if (result instanceof SwarmException refusal) {
                if (refusal.code() != ErrorCode.INVALID_FORMAT) {
                    // the cached view let through what the database refuses: it is stale
                    directory.invalidate(job.incoming().envelope().swarmId());
                }
                job.result().completeExceptionally(refusal);
            } else {
                if (result == Outcome.STORED && job.incoming().change().touchesMembership()
                        && job.incoming().change() != StateChange.NONE) {
                    // the member list or the swarm's state changed: the receive path must see it next time
                    directory.invalidate(job.incoming().envelope().swarmId());
                }
                job.result().complete((Outcome) result);
            }
        }
    }

    /**
     * Stores one message inside the batch's transaction; returns an Outcome or the refusal. The common
     * case (a current member's new message) uses the session's prepared statements; the rare ones go
     * through the store.
     */
    private static Object store(Store store, ReceiveStatements statements, Incoming incoming) {
        Envelope e = incoming.envelope();
        Optional<String> currentKey = statements.activeMemberKey(e.swarmId(), e.sender().agentId());
        if (currentKey.isEmpty() && store.swarms().find(e.swarmId()).filter(Swarm::isActive).isEmpty()) {
            // left, kicked or dissolved since the message was verified (perhaps by another process)
            return new SwarmException(ErrorCode.SWARM_NOT_FOUND, "this node is not in swarm " + e.swarmId());
        }
        if (currentKey.isEmpty() || !currentKey.get().equals(incoming.verifiedKey())) {
            return new SwarmException(ErrorCode.NOT_MEMBER, e.sender().agentId() + " is not a member of swarm "
                    + e.swarmId());
        }
        // ids are scoped by swarm and sender: another member's copy of this id does not block it
        if (!statements.insertIfAbsent(toRow(incoming))) {
            return Outcome.DUPLICATE;
        }
        incoming.change().apply(store);
        return Outcome.STORED;
    }

    private static InboxMessage toRow(Incoming incoming) {
        Envelope e = incoming.envelope();
        return new InboxMessage(0, e.swarmId(), e.messageId(), e.sender().agentId(), e.sender().endpoint(),
                e.recipient(), e.type().wire(), e.content(), e.effectivePriority().wire(), e.timestamp(),
                incoming.receivedAt(), e.inReplyTo(), e.threadId(), e.expiresAt(),
                e.references() == null ? null : Json.toText(e.references()), incoming.rawJson(), "unread");
    }

    private static void failRemaining(List<Job> jobs) {
        for (Job job : jobs) {
            job.result().completeExceptionally(new SwarmException(ErrorCode.INTERNAL_ERROR, "node is shutting down"));
        }
    }

    /** Stops taking messages, writes what is queued, and waits for the thread to finish. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
