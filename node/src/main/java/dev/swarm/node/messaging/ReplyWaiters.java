package dev.swarm.node.messaging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Callers waiting for a reply to a message they sent: completed the moment a message answering it
 * ({@code in_reply_to}) is stored, so nobody has to poll the database.
 */
public final class ReplyWaiters {
    private final Map<String, List<CompletableFuture<String>>> waiting = new ConcurrentHashMap<>();

    /** A future completed with the reply's message id. Check the inbox after registering, not before. */
    public CompletableFuture<String> await(String inReplyTo) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        waiting.computeIfAbsent(inReplyTo, id -> new CopyOnWriteArrayList<>()).add(reply);
        reply.whenComplete((id, failure) -> waiting.computeIfPresent(inReplyTo, (key, list) -> {
            list.remove(reply);
            return list.isEmpty() ? null : list;
        }));
        return reply;
    }

    /** A listener for newly stored messages. */
    public void stored(Incoming incoming) {
        String inReplyTo = incoming.envelope().inReplyTo();
        if (inReplyTo == null) {
            return;
        }
        List<CompletableFuture<String>> waiters = waiting.get(inReplyTo);
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.complete(incoming.envelope().messageId()));
        }
    }
}
