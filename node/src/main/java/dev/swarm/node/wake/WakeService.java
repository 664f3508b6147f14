package dev.swarm.node.wake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.coordination.Acknowledgements;
import dev.swarm.node.coordination.Priorities;
import dev.swarm.node.github.IssueBoard;
import dev.swarm.node.github.IssueEvents;
import dev.swarm.node.messaging.Addressing;
import dev.swarm.node.messaging.Bookkeeping;
import dev.swarm.node.messaging.Incoming;
import dev.swarm.node.messaging.Receipts;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.state.WakeLogEntry;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's wake pipeline: every newly stored message is judged by the policy (off the inbox
 * writer's thread, so waking never delays the 200 to the sender) and either logged as not waking
 * anyone, with the reason, or handed to the coordinator. A failed wake never touches the message.
 */
public final class WakeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WakeService.class);

    private final WakeConfig config;
    private final WakePolicy policy;
    private final Database database;
    private final Clock clock;
    private final ZoneId zone;
    private final WakeCoordinator coordinator;
    private final ReadHint hint;
    private final ExecutorService judge = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "wake-policy");
        thread.setDaemon(true);
        return thread;
    });

    public WakeService(WakeConfig config, String selfId, Database database, Clock clock, ZoneId zone, Waker waker,
                       Receipts receipts, ReadHint hint) {
        this(config, selfId, database, clock, zone, waker, receipts, hint, null);
    }

    /**
     * {@code activity}: what the agent's hooks report; while they report, a normal message waits up to
     * {@code wake_normal_delay} for them to bring it at the next turn before a wake types it.
     */
    public WakeService(WakeConfig config, String selfId, Database database, Clock clock, ZoneId zone, Waker waker,
                       Receipts receipts, ReadHint hint, AgentActivity activity) {
        this.config = config;
        this.policy = new WakePolicy(config, selfId);
        this.database = database;
        this.clock = clock;
        this.zone = zone;
        this.hint = hint;
        this.coordinator = new WakeCoordinator(config, waker, database, clock, hint, batch -> receipts.send(
                batch.stream().filter(WakeCandidate::receiptRequested)
                        .map(m -> new Receipts.Target(m.messageId(), m.swarmId(), m.senderId())).toList(),
                Receipts.SURFACED), activity == null ? () -> false : () -> activity.current().hooksReport());
    }

    /**
     * Makes the waker this configuration asks for; a tmux one reads the pane with the profile of
     * {@code wake_agent} and listens to what the agent's hooks report in {@code activity}.
     */
    public static Waker waker(WakeConfig config, AgentActivity activity, Clock clock) {
        return switch (config.method()) {
            case TMUX -> new TmuxWaker(new TmuxPane(config.tmuxProgram(), config.tmuxTarget()),
                    AgentProfiles.forSetting(config.agent()), activity, config.settle(), config.maxDelay(), clock);
            case COMMAND -> new CommandWaker(config.command());
            case NONE -> Waker.NONE;
        };
    }

    /** What the agent can run to read its messages and the board. */
    public ReadHint hint() {
        return hint;
    }

    /** Called once a message is committed; returns at once. */
    public void stored(Incoming incoming) {
        if (config.method() == WakeConfig.Method.NONE) {
            return;
        }
        if (Bookkeeping.isNotKept(incoming.envelope().type().wire(), incoming.envelope().metadata())) {
            return;
        }
        judge.execute(() -> {
            try {
                WakeCandidate candidate = candidate(incoming.envelope());
                Optional<String> held = held(incoming.envelope());
                if (held.isPresent()) {
                    skip(candidate, held.get());
                    return;
                }
                WakePolicy.Decision decision = policy.decide(candidate, LocalTime.now(clock.withZone(zone)));
                if (decision.wakes()) {
                    coordinator.offer(candidate, decision.level());
                } else {
                    skip(candidate, decision.reason());
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot judge message {} for a wake: {}", incoming.envelope().messageId(), e.toString());
            }
        });
    }

    /**
     * A wake asked for through the local API ({@code POST /api/wake}, the Python implementation's body):
     * for a stored message, or for the sender and swarm named. The level is {@code notification_level}
     * (urgent or high: urgent; silent or none: no wake; anything else: normal). Budgets, the interval
     * and the settle time still apply. Empty when queued, else why not.
     */
    public Optional<String> requested(String messageId, String swarmId, String senderId, String notificationLevel) {
        if (config.method() == WakeConfig.Method.NONE) {
            return Optional.of("this node wakes nobody (wake_method none)");
        }
        WakeLevel level = switch (notificationLevel == null ? "" : notificationLevel.toLowerCase(Locale.ROOT)) {
            case "urgent", "high" -> WakeLevel.URGENT;
            case "silent", "none" -> WakeLevel.SILENT;
            default -> WakeLevel.NORMAL;
        };
        if (level == WakeLevel.SILENT) {
            return Optional.of("notification_level " + notificationLevel + " wakes nobody");
        }
        Optional<Envelope> stored = database.read(store -> Optional.of(store.inbox()
                        .findByMessageId(messageId, swarmId, senderId)).filter(found -> found.size() == 1)
                        .map(found -> found.get(0)))
                .map(row -> dev.swarm.node.protocol.EnvelopeCodec.parse(row.envelope()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), new dev.swarm.node.protocol.EndpointPolicy(true))
                        .envelope());
        WakeCandidate candidate = stored.map(this::candidate).orElseGet(() -> new WakeCandidate(messageId,
                swarmId == null ? "" : swarmId, swarmId == null ? "the swarm" : swarmId,
                senderId == null ? "someone" : senderId, false, "message", "normal", "", List.of(), false, false,
                false, false));
        coordinator.offer(candidate, level);
        return Optional.empty();
    }

    /** Why a stored message wakes nobody whatever the policy says: a loop-guard notice, or held by the guard. */
    private Optional<String> held(Envelope e) {
        if (Bookkeeping.isGuardNotice(e.type().wire(), e.metadata())) {
            return Optional.of("loop-guard notice");
        }
        return database.read(store -> store.loopGuard().held(e.swarmId(), e.sender().agentId(), e.messageId()))
                .map(hold -> "held by the loop guard: " + hold.detail());
    }

    private WakeCandidate candidate(Envelope e) {
        record Lookup(String swarmName, boolean senderMuted, boolean swarmMuted) { }
        Lookup lookup = database.read(store -> new Lookup(
                store.swarms().find(e.swarmId()).map(Swarm::name).orElse(e.swarmId()),
                store.mutes().isMuted("agent", e.sender().agentId()), store.mutes().isMuted("swarm", e.swarmId())));
        List<String> issues = new ArrayList<>();
        for (IssueBoard.Event event : IssueEvents.from(e)) {
            issues.add(("other".equals(event.kind()) ? "mentioned " : event.kind() + " ") + event.issue());
        }
        // receipts and the master's ordering acknowledgements are bookkeeping: they never wake anyone
        boolean receipt = e.metadata() != null && e.metadata().get(Receipts.RECEIPT_FOR) != null
                || Acknowledgements.marked(e.metadata());
        boolean requested = e.metadata() != null && Boolean.TRUE.equals(e.metadata().get(Receipts.REQUESTED));
        return new WakeCandidate(e.messageId(), e.swarmId(), lookup.swarmName(), e.sender().agentId(),
                !e.isBroadcast() || e.metadata() != null && e.metadata().get(Addressing.TO_ROLE) != null,
                e.type().wire(), Priorities.effective(e).wire(), e.content(), issues,
                lookup.senderMuted(), lookup.swarmMuted(), receipt, requested);
    }

    private void skip(WakeCandidate message, String reason) {
        WakeLogEntry entry = new WakeLogEntry(0, Timestamps.format(clock.instant()),
                config.method().name().toLowerCase(Locale.ROOT), config.targetDescription(), WakeLevel.SILENT.wire(),
                "skipped", reason, List.of(message.messageId()), List.of(message.senderId()), null);
        database.write(store -> {
            store.wakeLog().insert(entry);
            return null;
        });
    }

    /** Tells the agent something the node found out (a lost claim): urgent, once, after the pane is still. */
    public void notice(String line) {
        if (config.method() != WakeConfig.Method.NONE) {
            coordinator.notice(line);
        }
    }

    @Override
    public void close() {
        judge.shutdownNow();
        coordinator.close();
    }

    /** For tests: waits until every message handed over so far has been judged and gathered. */
    void drain() throws Exception {
        judge.submit(() -> { }).get();
        coordinator.drain();
    }
}
