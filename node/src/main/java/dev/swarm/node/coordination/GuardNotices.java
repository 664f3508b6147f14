package dev.swarm.node.coordination;

import dev.swarm.node.delivery.Dispatcher;
import dev.swarm.node.messaging.Bookkeeping;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.Incoming;
import dev.swarm.node.messaging.Outbox;
import dev.swarm.node.messaging.ReceiveRule;
import dev.swarm.node.messaging.StateChange;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.GuardHold;
import dev.swarm.node.state.GuardReport;
import dev.swarm.node.state.Member;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telling a sender that the loop guard held its message, once per chain. The notice is a signed
 * {@code notification} to the sender, through the outbox like anything else, with metadata
 * {@code loop_guard_held} (the held message's id), {@code loop_guard_reason} (depth, thread_burst,
 * sender_burst), {@code loop_guard_origin}, {@code loop_guard_hop} and {@code loop_guard_max_hops}.
 * A notice never wakes anyone, is never pushed by hooks, is never guarded and is never answered with
 * a notice, so notices cannot loop. At most {@value #MAX_PER_HOUR} notices go to one sender per hour,
 * so a sender inventing a new chain origin for every message cannot make this node send one notice
 * per message it sends. On the sender's side a notice about a message it really sent to that peer
 * is recorded ({@code guard_reports}) for {@code swarm status}.
 */
public final class GuardNotices implements AutoCloseable {
    public static final String HELD = Bookkeeping.GUARD_HELD;
    public static final String REASON = "loop_guard_reason";
    public static final String ORIGIN = "loop_guard_origin";
    public static final String HOP = "loop_guard_hop";
    public static final String MAX_HOPS = "loop_guard_max_hops";
    static final int MAX_PER_HOUR = 10;
    private static final Logger LOG = LoggerFactory.getLogger(GuardNotices.class);

    private final String selfId;
    private final Database database;
    private final Envelopes envelopes;
    private final Dispatcher dispatcher;
    private final CoordinationConfig config;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "loop-guard-notices");
        thread.setDaemon(true);
        return thread;
    });

    public GuardNotices(String selfId, Database database, Envelopes envelopes, Dispatcher dispatcher,
                        CoordinationConfig config, Clock clock) {
        this.selfId = selfId;
        this.database = database;
        this.envelopes = envelopes;
        this.dispatcher = dispatcher;
        this.config = config;
        this.clock = clock;
    }

    /** A listener for newly stored messages: a held one gets its sender told (off the writer's thread). */
    public void stored(Incoming incoming) {
        Envelope e = incoming.envelope();
        if (e.inReplyTo() == null && (e.metadata() == null || !e.metadata().containsKey(Chain.HOP))) {
            return;
        }
        worker.execute(() -> {
            try {
                tell(e);
            } catch (RuntimeException failure) {
                LOG.warn("cannot tell {} that message {} is held: {}", e.sender().agentId(), e.messageId(),
                        failure.toString());
            }
        });
    }

    /** Queues the notice for a held message if its chain's sender was not told yet. True when queued. */
    boolean tell(Envelope e) {
        String sender = e.sender().agentId();
        Optional<GuardHold> held = database.read(store -> store.loopGuard().held(e.swarmId(), sender, e.messageId()));
        if (held.isEmpty()) {
            return false;
        }
        GuardHold hold = held.get();
        Instant now = clock.instant();
        String at = Timestamps.format(now);
        Envelope notice = envelopes.build(new Envelopes.Draft(e.swarmId(), sender, MessageType.NOTIFICATION,
                text(hold), null, null, null, null, null, null, metadata(hold)));
        Set<String> peers = database.write(store -> {
            Optional<Member> member = store.members().find(e.swarmId(), sender);
            if (member.isEmpty() || store.loopGuard().noticesTo(e.swarmId(), sender,
                    Timestamps.format(now.minus(Duration.ofHours(1)))) >= MAX_PER_HOUR
                    || !store.loopGuard().markNoticed(e.swarmId(), sender, hold.origin(), notice.messageId(), at)) {
                return Set.<String>of();
            }
            return Outbox.enqueue(store, notice, List.of(member.get()), at).peers();
        });
        dispatcher.dispatch(peers);
        return !peers.isEmpty();
    }

    private String text(GuardHold hold) {
        return "loop guard: " + selfId + " held your message " + hold.messageId() + " back (" + hold.detail()
                + "). It is stored there and can be read, but " + selfId + "'s agent was not woken for it, nor will"
                + " its hooks show it, and the same holds for later messages of this chain. This is said once per"
                + " chain.";
    }

    private Map<String, Object> metadata(GuardHold hold) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(HELD, hold.messageId());
        metadata.put(REASON, hold.reason());
        metadata.put(ORIGIN, hold.origin());
        metadata.put(HOP, hold.hop());
        metadata.put(MAX_HOPS, config.maxHops());
        return metadata;
    }

    /**
     * The sender's side: a notice naming a message this node sent to the notice's sender is recorded
     * for {@code swarm status}; anything else (a malformed notice, one about a message never sent to
     * that peer) stays an ordinary notification, which, like every notice, wakes nobody.
     */
    public static ReceiveRule reports(Clock clock) {
        return e -> {
            Map<String, Object> metadata = e.metadata();
            if (!Bookkeeping.isGuardNotice(e.type().wire(), metadata)
                    || !(metadata.get(HELD) instanceof String heldId) || !Identifiers.isUuid(heldId)) {
                return StateChange.NONE;
            }
            Optional<LoopGuard.Reason> reason = LoopGuard.Reason.fromWire(metadata.get(REASON));
            if (reason.isEmpty()) {
                return StateChange.NONE;
            }
            String from = e.sender().agentId();
            String at = Timestamps.format(clock.instant());
            return StateChange.bookkeeping(store -> {
                boolean ours = store.outbox().byMessage(heldId).stream()
                        .anyMatch(row -> row.recipientId().equals(from) && row.swarmId().equals(e.swarmId()));
                if (ours) {
                    store.loopGuard().report(new GuardReport(e.swarmId(), from, heldId, reason.get().wire(),
                            small(metadata.get(HOP)), small(metadata.get(MAX_HOPS)), at));
                }
            });
        };
    }

    private static Integer small(Object value) {
        return value instanceof Long number && number >= 0 && number <= Chain.MAX_HOP ? number.intValue() : null;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            // a tick in progress finishes before the database it reads is closed
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: waits until every notice handed over so far has been dealt with. */
    void drain() throws Exception {
        worker.submit(() -> { }).get();
    }
}
