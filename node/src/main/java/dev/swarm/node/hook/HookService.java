package dev.swarm.node.hook;

import dev.swarm.node.agent.AgentKind;
import dev.swarm.node.coordination.Priorities;
import dev.swarm.node.messaging.Bookkeeping;
import dev.swarm.node.messaging.InboxService;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.Receipts;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.InboxMessage;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.wake.AgentActivity;
import dev.swarm.node.wake.AgentSignal;
import dev.swarm.node.wake.ReadHint;
import dev.swarm.node.wake.WakeCandidate;
import dev.swarm.node.wake.WakePolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The daemon's side of the agents' hooks. Each call tells {@link AgentActivity} what the agent is
 * doing and, for events whose answer reaches the model, hands out the unread peer messages the wake
 * policy does not silence, fenced by {@link PeerContext} and in the client's format. Nothing is marked
 * until the hook acknowledges that it printed the answer ({@link #ack}): then messages that went in
 * whole are read (with read receipts) and those only counted are surfaced (with surfaced receipts).
 * A delivery not acknowledged within {@link #LEASE} is forgotten and its messages are handed out
 * again, so a hook that died between the two costs a repetition, never a message.
 */
public final class HookService {
    public static final Duration LEASE = Duration.ofSeconds(30);
    static final int SCAN = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The hook settings: the size budget of one answer and whether a turn's end may be extended. */
    public record Settings(int maxChars, boolean continueOnStop) {
        public Settings {
            if (maxChars < 500) {
                throw new IllegalArgumentException("hook_max_chars must be at least 500");
            }
        }
    }

    private record Pending(List<Long> whole, List<Long> counted, Instant expires) {
    }

    private final Database database;
    private final WakePolicy policy;
    private final AgentActivity activity;
    private final InboxService inbox;
    private final Receipts receipts;
    private final Settings settings;
    private final ReadHint hint;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public HookService(Database database, WakePolicy policy, AgentActivity activity, InboxService inbox,
                       Receipts receipts, Settings settings, ReadHint hint, Clock clock) {
        this.database = database;
        this.policy = policy;
        this.activity = activity;
        this.inbox = inbox;
        this.receipts = receipts;
        this.settings = settings;
        this.hint = hint;
        this.clock = clock;
    }

    /** One hook call: {@code input} is what the client gave the hook on its standard input (or argument). */
    public HookReply handle(AgentKind agent, String eventName, byte[] input) {
        HookEvents.Event event = HookEvents.parse(agent, eventName);
        HookInput parsed = HookInput.parse(input);
        AgentSignal signal = signal(event, parsed);
        activity.signal(agent.wire(), signal, prompt(agent, signal, parsed));
        HookEvents.Delivery delivery = event.delivery();
        if (delivery == HookEvents.Delivery.NONE
                || delivery == HookEvents.Delivery.CONTINUE && (!settings.continueOnStop()
                || parsed.flag("stop_hook_active"))) {
            return HookReply.NOTHING;
        }
        PeerContext.Rendered rendered = PeerContext.render(unread(), settings.maxChars(), hint);
        if (rendered.isEmpty()) {
            return HookReply.NOTHING;
        }
        String ackId = HexFormat.of().formatHex(randomBytes());
        pending.put(ackId, new Pending(rowIds(rendered.whole()), rowIds(rendered.counted()),
                clock.instant().plus(LEASE)));
        return new HookReply(HookOutput.render(agent, event, rendered.text()), ackId);
    }

    /**
     * The hook printed the answer of {@code ackId}: its messages reached the client. Unknown or expired
     * ids change nothing (false).
     */
    public boolean ack(String ackId) {
        Pending delivered = ackId == null ? null : pending.remove(ackId);
        if (delivered == null || delivered.expires().isBefore(clock.instant())) {
            return false;
        }
        String at = Timestamps.format(clock.instant());
        List<Long> all = new ArrayList<>(delivered.whole());
        all.addAll(delivered.counted());
        List<MessageView> surfaced = database.write(store -> {
            List<MessageView> fresh = views(store.inbox().byIds(all).stream().filter(row -> row.surfacedAt() == null)
                    .toList());
            store.inbox().markSurfacedRows(all, at);
            return fresh;
        });
        if (receipts != null) {
            receipts.send(targets(surfaced), Receipts.SURFACED);
        }
        inbox.markReadRows(delivered.whole());
        return true;
    }

    /**
     * Unread messages the policy lets through (not low priority, not muted...), oldest first, minus those
     * out in an unacknowledged answer, those the loop guard holds, and loop-guard notices.
     */
    private List<PeerContext.Item> unread() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expires().isBefore(now));
        Set<Long> out = new HashSet<>();
        pending.values().forEach(p -> {
            out.addAll(p.whole());
            out.addAll(p.counted());
        });
        return database.read(store -> {
            Map<String, String> names = store.swarms().all().stream().collect(Collectors.toMap(Swarm::swarmId,
                    Swarm::name, (a, b) -> a, HashMap::new));
            MessageView.Mutes mutes = MessageView.Mutes.of(store.mutes().all());
            List<PeerContext.Item> items = new ArrayList<>();
            Set<Long> held = store.loopGuard().heldUnreadRows();
            List<InboxMessage> rows = store.inbox().unread(policy.systemMayWake(), SCAN).stream()
                    .filter(row -> !out.contains(row.id()) && !held.contains(row.id())).toList();
            MessageView.Senders senders = MessageView.Senders.of(store, rows);
            for (InboxMessage row : rows) {
                MessageView view = MessageView.of(row, mutes, senders);
                if (Bookkeeping.isGuardNotice(view.type(), view.metadata())) {
                    continue;
                }
                // the priority counts only under a full-envelope signature (WakeCandidate.of)
                if (policy.judge(WakeCandidate.of(view, names.get(row.swarmId()))).wakes()) {
                    items.add(new PeerContext.Item(view, row.id(), names.get(row.swarmId())));
                }
            }
            return items;
        });
    }

    private static AgentSignal signal(HookEvents.Event event, HookInput input) {
        if (event.signal() == AgentSignal.NEEDS_USER) {
            String kind = input.string("notification_type").orElse("");
            if (kind.contains("idle")) {
                return AgentSignal.TURN_END;
            }
        }
        return event.signal();
    }

    /** The prompt the user (or a wake) submitted, where the client tells it. */
    private static Optional<String> prompt(AgentKind agent, AgentSignal signal, HookInput input) {
        if (signal == AgentSignal.PROMPT) {
            return input.string("prompt");
        }
        if (agent == AgentKind.CODEX && !input.inputMessages().isEmpty()) {
            return Optional.of(String.join("\n", input.inputMessages()));
        }
        return Optional.empty();
    }

    private static List<Long> rowIds(List<PeerContext.Item> items) {
        return items.stream().map(PeerContext.Item::rowId).toList();
    }

    private static List<MessageView> views(List<InboxMessage> rows) {
        return rows.stream().map(row -> MessageView.of(row, MessageView.Mutes.NONE, MessageView.Senders.NONE)).toList();
    }

    private static List<Receipts.Target> targets(List<MessageView> messages) {
        return messages.stream().filter(m -> m.metadata() != null && m.metadata().path(Receipts.REQUESTED).asBoolean(false))
                .map(m -> new Receipts.Target(m.messageId(), m.swarmId(), m.sender().agentId())).toList();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
