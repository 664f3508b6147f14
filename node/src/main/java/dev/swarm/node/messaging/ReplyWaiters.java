package dev.swarm.node.messaging;

import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.state.MessageKey;
import dev.swarm.node.state.SentMessageRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Callers waiting for a reply to a message they sent: completed the moment a message answering it
 * ({@code in_reply_to}) is stored, so nobody has to poll the database. A reply counts only in the
 * swarm of the question and from the agent it was sent to (any member for a broadcast): a message id
 * is public inside a swarm, and anyone could otherwise answer a question put to someone else.
 */
public final class ReplyWaiters {
    private final Map<Question, List<CompletableFuture<MessageKey>>> waiting = new ConcurrentHashMap<>();

    /**
     * A message this node sent: its swarm, its id, and who may answer it ({@code null} for a
     * broadcast: any member).
     */
    public record Question(String swarmId, String messageId, String answerer) {
        /** The question a message this node sent puts. */
        public static Question of(SentMessageRepository.Sent sent) {
            return new Question(sent.swarmId(), sent.messageId(), Identifiers.BROADCAST.equals(sent.recipient()) ? null
                    : sent.recipient());
        }

        /** True when {@code reply} answers this question. */
        public boolean answeredBy(Envelope reply) {
            return messageId.equals(reply.inReplyTo()) && swarmId.equals(reply.swarmId())
                    && (answerer == null || answerer.equals(reply.sender().agentId()));
        }
    }

    /** A future completed with the reply's key. Check the inbox after registering, not before. */
    public CompletableFuture<MessageKey> await(Question question) {
        CompletableFuture<MessageKey> reply = new CompletableFuture<>();
        waiting.computeIfAbsent(question, q -> new CopyOnWriteArrayList<>()).add(reply);
        reply.whenComplete((key, failure) -> waiting.computeIfPresent(question, (q, list) -> {
            list.remove(reply);
            return list.isEmpty() ? null : list;
        }));
        return reply;
    }

    /** A listener for newly stored messages. */
    public void stored(Incoming incoming) {
        Envelope e = incoming.envelope();
        if (e.inReplyTo() == null || waiting.isEmpty()) {
            return;
        }
        MessageKey key = new MessageKey(e.swarmId(), e.sender().agentId(), e.messageId());
        waiting.forEach((question, waiters) -> {
            if (question.answeredBy(e)) {
                waiters.forEach(waiter -> waiter.complete(key));
            }
        });
    }
}
