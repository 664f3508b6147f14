package dev.swarm.node.coordination;

import dev.swarm.node.messaging.Bookkeeping;
import dev.swarm.node.messaging.ReceiveRule;
import dev.swarm.node.messaging.StateChange;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.GuardHold;
import dev.swarm.node.state.MessageKey;
import dev.swarm.node.state.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The loop guard, where messages arrive. Every reply (a message with {@code in_reply_to} or a chain in
 * its metadata) gets its chain worked out ({@link Chains#effective}) and recorded in the transaction
 * that stores it, and is <em>held</em> when its chain is deeper than {@code guard_max_hops}, when its
 * thread (chain origin) has had more than {@code guard_thread_burst} replies within
 * {@code guard_window}, or its sender more than {@code guard_sender_burst}. A held message is stored
 * and readable like any other; it only wakes nobody and is never pushed by the hooks, and its sender
 * is told once per chain ({@link GuardNotices}). A malformed chain is refused before anything is
 * stored. Loop-guard notices are never guarded themselves, so notices cannot loop.
 */
public final class LoopGuard implements ReceiveRule {
    /** Why a message was held. */
    public enum Reason {
        DEPTH, THREAD_BURST, SENDER_BURST;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Reason> fromWire(Object value) {
            for (Reason reason : values()) {
                if (reason.wire().equals(value)) {
                    return Optional.of(reason);
                }
            }
            return Optional.empty();
        }
    }

    private final CoordinationConfig config;
    private final Clock clock;

    public LoopGuard(CoordinationConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public StateChange change(Envelope e) {
        if (e.type() == MessageType.SYSTEM || Bookkeeping.isGuardNotice(e.type().wire(), e.metadata())) {
            return StateChange.NONE;
        }
        Optional<Chain> claimed = Chain.claimed(e.metadata());
        if (claimed.isEmpty() && e.inReplyTo() == null) {
            return StateChange.NONE;
        }
        Instant now = clock.instant();
        return StateChange.bookkeeping(store -> judge(store, e, claimed, now));
    }

    /** Records the message's chain and holds it if a limit is passed; the hold, if any. */
    Optional<GuardHold> judge(Store store, Envelope e, Optional<Chain> claimed, Instant now) {
        Chain chain = Chains.effective(store, e.swarmId(), e.inReplyTo(), claimed);
        String sender = e.sender().agentId();
        String at = Timestamps.format(now);
        store.loopGuard().recordChain(e.swarmId(), e.messageId(), sender, chain.origin(), chain.hop(), at);
        String since = Timestamps.format(now.minus(config.guardWindow()));
        long window = config.guardWindow().toSeconds();
        Reason reason;
        String detail;
        int inThread;
        int fromSender;
        if (chain.hop() > config.maxHops()) {
            reason = Reason.DEPTH;
            detail = "reply chain " + chain.hop() + " deep, more than guard_max_hops " + config.maxHops();
        } else if ((inThread = store.loopGuard().repliesInThread(e.swarmId(), chain.origin(), since))
                > config.threadBurst()) {
            reason = Reason.THREAD_BURST;
            detail = inThread + " replies in this thread within " + window + " s, more than guard_thread_burst "
                    + config.threadBurst();
        } else if ((fromSender = store.loopGuard().repliesFrom(e.swarmId(), sender, since)) > config.senderBurst()) {
            reason = Reason.SENDER_BURST;
            detail = fromSender + " replies from " + sender + " within " + window + " s, more than guard_sender_burst "
                    + config.senderBurst();
        } else {
            return Optional.empty();
        }
        GuardHold hold = new GuardHold(e.swarmId(), e.messageId(), sender, chain.origin(), chain.hop(), reason.wire(),
                detail, at);
        store.loopGuard().hold(hold);
        store.inbox().noteWake(List.of(new MessageKey(e.swarmId(), sender, e.messageId())), "held by the loop guard: " + detail);
        return Optional.of(hold);
    }

    public CoordinationConfig config() {
        return config;
    }
}
