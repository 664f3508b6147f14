package dev.swarm.node.messaging;

import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.membership.KeyRotationRules;
import dev.swarm.node.membership.MemberDirectory;
import dev.swarm.node.membership.MembershipRefresh;
import dev.swarm.node.membership.SystemMessageRules;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.MessageAccepted;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hardened receive path (PROTOCOL.md 8.1). A message is stored only when all hold: it parses and
 * has the envelope's shape; its content is within the limit; the swarm is one we are active in; the
 * sender is a current member; it is addressed to us or to everyone; its timestamp is within the
 * allowed skew; it has not expired; its signatures verify with the member's stored key (the
 * full-envelope signature too when present or when the member's node is known to add it); and a
 * membership change comes from the agent entitled to make it. Cheap checks run first. A refused
 * message leaves no row anywhere; a duplicate is answered as if new and stored once.
 */
public final class MessageReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(MessageReceiver.class);

    private final String selfId;
    private final MemberDirectory directory;
    private final SystemMessageRules rules;
    private final InboxWriter writer;
    private final EndpointPolicy endpoints;
    private final ReceiveLimits limits;
    private final Clock clock;
    private final StoreHook hook;
    private final List<Consumer<Incoming>> listeners = new CopyOnWriteArrayList<>();
    private volatile MembershipRefresh refresh;

    /** How long a message from an agent we do not know waits for the master's member list. */
    static final Duration LEARN_WAIT = Duration.ofSeconds(3);

    /** An unknown sender: refused as {@code NOT_MEMBER} unless asking the master shows it is a member. */
    private static final class UnknownSender extends RuntimeException {
        private final String swarmId;
        private final String agentId;
        private final SwarmException refusal;

        UnknownSender(String swarmId, String agentId) {
            super(null, null, false, false);
            this.swarmId = swarmId;
            this.agentId = agentId;
            this.refusal = new SwarmException(ErrorCode.NOT_MEMBER, agentId + " is not a member of swarm " + swarmId);
        }
    }
    private final List<ReceiveRule> receiveRules = new CopyOnWriteArrayList<>();

    public MessageReceiver(String selfId, MemberDirectory directory, SystemMessageRules rules, InboxWriter writer,
                           EndpointPolicy endpoints, ReceiveLimits limits, Clock clock) {
        this(selfId, directory, rules, writer, endpoints, limits, clock, StoreHook.NONE);
    }

    /** As above, with {@code hook} deciding what else an ordinary message changes when it is stored. */
    public MessageReceiver(String selfId, MemberDirectory directory, SystemMessageRules rules, InboxWriter writer,
                           EndpointPolicy endpoints, ReceiveLimits limits, Clock clock, StoreHook hook) {
        this.selfId = selfId;
        this.directory = directory;
        this.rules = rules;
        this.writer = writer;
        this.endpoints = endpoints;
        this.limits = limits;
        this.clock = clock;
        this.hook = hook;
    }

    /**
     * Learns members we were never told about from the master ({@link MembershipRefresh}) when an unknown
     * agent posts: the message then waits at most {@link #LEARN_WAIT}, without holding a thread.
     */
    public void learnMembersWith(MembershipRefresh refresh) {
        this.refresh = refresh;
    }

    /** Verifies and stores one message; the future completes after the inbox row is committed. */
    public CompletableFuture<MessageAccepted> receive(byte[] body) {
        return receive(body, true);
    }

    private CompletableFuture<MessageAccepted> receive(byte[] body, boolean mayLearn) {
        Incoming incoming;
        try {
            incoming = verify(body);
        } catch (UnknownSender unknown) {
            MembershipRefresh learner = refresh;
            if (!mayLearn || learner == null) {
                return CompletableFuture.failedFuture(unknown.refusal);
            }
            // never on the sender's word: the master's member list decides, within a bounded wait
            return learner.learn(unknown.swarmId, unknown.agentId)
                    .completeOnTimeout(false, LEARN_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .thenCompose(member -> member ? receive(body, false)
                            : CompletableFuture.failedFuture(unknown.refusal));
        } catch (SwarmException e) {
            return CompletableFuture.failedFuture(e);
        }
        String messageId = incoming.envelope().messageId();
        return writer.submit(incoming).thenApply(outcome -> {
            if (outcome == InboxWriter.Outcome.STORED) {
                runAfterStore(incoming);
                for (Consumer<Incoming> listener : listeners) {
                    notify(listener, incoming);
                }
            }
            return MessageAccepted.queued(messageId);
        });
    }

    /**
     * Adds something to tell about every newly stored message (not about duplicates): the wake
     * pipeline, callers waiting for a reply. Listeners run on the writer's thread and must return at once.
     */
    public void addListener(Consumer<Incoming> listener) {
        listeners.add(listener);
    }

    /**
     * Adds a rule for what storing a (non-system) message also does (presence, the loop guard); rules
     * run in the order added, after the receipt rule. Add them before the server starts.
     */
    public void addRule(ReceiveRule rule) {
        receiveRules.add(rule);
    }

    private static void notify(Consumer<Incoming> listener, Incoming incoming) {
        try {
            listener.accept(incoming);
        } catch (RuntimeException e) {
            LOG.warn("a listener failed on message {}: {}", incoming.envelope().messageId(), e.toString());
        }
    }

    Incoming verify(byte[] body) {
        if (body.length > limits.maxBodyBytes()) {
            throw tooLarge("body is " + body.length + " bytes; the limit is " + limits.maxBodyBytes());
        }
        EnvelopeCodec.Parsed parsed = EnvelopeCodec.parse(body, endpoints);
        Envelope e = parsed.envelope();
        int contentChars = e.content().codePointCount(0, e.content().length());
        if (contentChars > limits.maxContentChars()) {
            throw tooLarge("content is " + contentChars + " characters; the limit is " + limits.maxContentChars());
        }
        // a swarm cached as left, kicked or dissolved is read again before refusing: another process
        // (swarm join, re-joining it) may have made it active since
        directory.swarm(e.swarmId()).filter(MessageReceiver::isActive)
                .or(() -> directory.reload(e.swarmId()).filter(MessageReceiver::isActive))
                .orElseThrow(() -> notIn(e.swarmId()));
        MemberDirectory.Entry sender = directory.member(e.swarmId(), e.sender().agentId())
                .orElseThrow(() -> new UnknownSender(e.swarmId(), e.sender().agentId()));
        if (!e.isBroadcast() && !e.recipient().equals(selfId)) {
            throw new SwarmException(ErrorCode.MEMBER_NOT_FOUND, "this node is " + selfId + ", not "
                    + e.recipient(), Map.of("recipient", e.recipient()));
        }
        Instant now = clock.instant();
        checkClock(e, now);
        SignatureCheck.problem(sender.key(), sender.member().capabilities(), e, parsed.tree()).ifPresent(problem -> {
            // a member's key rotation may come signed with the new key it announces (a retry re-signed
            // after the rotation); its statement, signed by both keys, is what authenticates it
            boolean rotation = KeyRotationRules.otherEnvelopeKey(e, sender.member().publicKey())
                    .filter(other -> SignatureCheck.problem(Ed25519.publicKey(other), sender.member().capabilities(),
                            e, parsed.tree()).isEmpty()).isPresent();
            if (!rotation) {
                throw new SwarmException(ErrorCode.INVALID_SIGNATURE, problem + " with the key of "
                        + e.sender().agentId() + " in swarm " + e.swarmId());
            }
        });
        SystemMessageRules.Effect effect = e.type() == MessageType.SYSTEM ? SystemMessageRules.Effect.NONE
                : new SystemMessageRules.Effect(ruleChanges(e), null);
        StateChange change = effect.change();
        if (e.type() == MessageType.SYSTEM) {
            // membership decisions are made on the swarm as it is now, not on a cached view that another
            // process (a swarm command beside this daemon) may have changed
            effect = rules.authorize(parsed, directory.reload(e.swarmId()).filter(MessageReceiver::isActive)
                    .orElseThrow(() -> notIn(e.swarmId())));
            change = effect.change();
        } else {
            change = change.andThen(hook.received(e));
        }
        return new Incoming(e, new String(body, StandardCharsets.UTF_8), sender.member().publicKey(),
                Timestamps.format(now), change, effect.afterStore());
    }

    private StateChange ruleChanges(Envelope e) {
        StateChange change = e.type() == MessageType.NOTIFICATION ? ReceiptRules.change(e) : StateChange.NONE;
        for (ReceiveRule rule : receiveRules) {
            change = change.andThen(rule.change(e));
        }
        return change;
    }

    /** Follow-up work of a stored system message; it must not block (it runs on the writer's thread). */
    private static void runAfterStore(Incoming incoming) {
        try {
            incoming.afterStore().run();
        } catch (RuntimeException e) {
            LOG.warn("follow-up of message {} failed: {}", incoming.envelope().messageId(), e.toString());
        }
    }

    private void checkClock(Envelope e, Instant now) {
        Instant sent = Timestamps.parse(e.timestamp());
        Duration offset = Duration.between(now, sent);
        if (offset.abs().compareTo(limits.clockSkew()) > 0) {
            String direction = offset.isNegative() ? "old" : "in the future";
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "timestamp " + e.timestamp() + " is "
                    + offset.abs().toSeconds() + " s " + direction + "; this node allows "
                    + limits.clockSkew().toSeconds() + " s of clock skew",
                    Map.of("field", "timestamp", "reason", offset.isNegative() ? "stale" : "future",
                            "server_time", Timestamps.format(now)));
        }
        if (e.expiresAt() != null && !Timestamps.parse(e.expiresAt()).isAfter(now)) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "message expired at " + e.expiresAt(),
                    Map.of("field", "expires_at", "reason", "expired", "server_time", Timestamps.format(now)));
        }
    }

    private static boolean isActive(MemberDirectory.SwarmView view) {
        return view.swarm().isActive();
    }

    private static SwarmException notIn(String swarmId) {
        return new SwarmException(ErrorCode.SWARM_NOT_FOUND, "this node is not in swarm " + swarmId);
    }

    private static SwarmException tooLarge(String message) {
        return new SwarmException(ErrorCode.PAYLOAD_TOO_LARGE, message);
    }
}
