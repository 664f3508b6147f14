package dev.swarm.node.coordination;

import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.Outbox;
import dev.swarm.node.messaging.StateChange;
import dev.swarm.node.messaging.StoreHook;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.CoordinationRepository;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.MessageKey;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Orders coordination events (the messages {@code coordinated} picks: issue claims today) by the
 * master's acknowledgement instead of by the time a message says it was written, which its sender
 * could lie about. Every node remembers the coordination events it stores. The master's node, in the
 * same transaction that stores one (received or its own), gives it the swarm's next sequence number
 * and queues a signed acknowledgement for every member whose node knows them
 * ({@link ProtocolVersion#COORDINATION_ACK_V1}), through the outbox: a crash after the commit loses
 * neither the number nor the acknowledgement, and a crash before it loses both with the message.
 * Other nodes record an acknowledgement only from the swarm's current master as this node's records
 * say, and mark it read: it is bookkeeping, not news for the agent.
 */
public final class Sequencer implements StoreHook {
    private final String selfId;
    private final Envelopes envelopes;
    private final Clock clock;
    private final Predicate<Envelope> coordinated;

    public Sequencer(String selfId, Envelopes envelopes, Clock clock, Predicate<Envelope> coordinated) {
        this.selfId = selfId;
        this.envelopes = envelopes;
        this.clock = clock;
        this.coordinated = coordinated;
    }

    @Override
    public StateChange received(Envelope envelope) {
        if (envelope.type() == MessageType.NOTIFICATION && Acknowledgements.marked(envelope.metadata())) {
            return Acknowledgements.parse(envelope).map(ack -> StateChange.bookkeeping(store -> accept(store, envelope,
                    ack))).orElse(StateChange.NONE);
        }
        return sent(envelope);
    }

    @Override
    public StateChange sent(Envelope envelope) {
        return coordinated.test(envelope) ? StateChange.bookkeeping(store -> stored(store, envelope))
                : StateChange.NONE;
    }

    /**
     * Acknowledges, if this node is the swarm's master, every event of the swarm it stored that has no
     * acknowledgement yet (events that reached it before it became master), oldest first; returns how
     * many. Call it in a write transaction.
     */
    public int catchUp(Store store, String swarmId) {
        Optional<Swarm> swarm = mastered(store, swarmId);
        if (swarm.isEmpty()) {
            return 0;
        }
        List<CoordinationRepository.EventRow> backlog = store.coordination().unacknowledged(swarmId);
        List<Acknowledgements.Entry> entries = new ArrayList<>();
        for (CoordinationRepository.EventRow event : backlog) {
            entries.add(number(store, swarm.get(), event.senderId(), event.messageId()));
        }
        for (int from = 0; from < entries.size(); from += Acknowledgements.MAX_ENTRIES) {
            announce(store, swarm.get(), new Acknowledgements.Ack(swarm.get().masterSince(),
                    entries.subList(from, Math.min(entries.size(), from + Acknowledgements.MAX_ENTRIES))));
        }
        return entries.size();
    }

    private void stored(Store store, Envelope envelope) {
        String sender = envelope.sender().agentId();
        store.coordination().recordEvent(envelope.swarmId(), sender, envelope.messageId(), Envelopes.sentAt(envelope),
                now());
        Optional<Swarm> swarm = mastered(store, envelope.swarmId());
        if (swarm.isEmpty()) {
            return;
        }
        Optional<CoordinationRepository.AckRow> known = store.coordination().ack(envelope.swarmId(), sender,
                envelope.messageId());
        if (known.isPresent()) {
            // a former master acknowledged it before it reached us: tell everyone that position again
            announce(store, swarm.get(), new Acknowledgements.Ack(known.get().epoch(), List.of(
                    new Acknowledgements.Entry(sender, envelope.messageId(), known.get().seq()))));
            return;
        }
        announce(store, swarm.get(), new Acknowledgements.Ack(swarm.get().masterSince(),
                List.of(number(store, swarm.get(), sender, envelope.messageId()))));
    }

    /** Gives an event the swarm's next number and records it here. */
    private Acknowledgements.Entry number(Store store, Swarm swarm, String sender, String messageId) {
        long seq = store.coordination().nextSeq(swarm.swarmId());
        store.coordination().recordAck(swarm.swarmId(), new CoordinationRepository.AckRow(sender, messageId,
                swarm.masterSince(), seq, selfId), now());
        return new Acknowledgements.Entry(sender, messageId, seq);
    }

    /** Queues the acknowledgement for every other member whose node reads them. */
    private void announce(Store store, Swarm swarm, Acknowledgements.Ack ack) {
        List<Member> readers = store.members().list(swarm.swarmId()).stream()
                .filter(m -> !m.agentId().equals(selfId))
                .filter(m -> m.capabilities().contains(ProtocolVersion.COORDINATION_ACK_V1)).toList();
        if (readers.isEmpty()) {
            return;
        }
        Envelope notification = envelopes.build(new Envelopes.Draft(swarm.swarmId(), Identifiers.BROADCAST,
                MessageType.NOTIFICATION, Acknowledgements.content(ack), null, null, null, null, null, null,
                Acknowledgements.metadata(ack)));
        Outbox.enqueue(store, notification, readers, now());
    }

    /** A peer's acknowledgement: recorded only when it comes from the swarm's master as we know it. */
    private void accept(Store store, Envelope envelope, Acknowledgements.Ack ack) {
        String from = envelope.sender().agentId();
        boolean fromMaster = store.swarms().find(envelope.swarmId())
                .filter(s -> s.isActive() && s.master().equals(from)).isPresent();
        if (!fromMaster) {
            return;
        }
        String at = now();
        for (Acknowledgements.Entry entry : ack.entries()) {
            store.coordination().recordAck(envelope.swarmId(), new CoordinationRepository.AckRow(entry.sender(),
                    entry.messageId(), ack.epoch(), entry.seq(), from), at);
        }
        store.inbox().markRead(new MessageKey(envelope.swarmId(), from, envelope.messageId()), at);
    }

    private Optional<Swarm> mastered(Store store, String swarmId) {
        return store.swarms().find(swarmId).filter(s -> s.isActive() && s.master().equals(selfId));
    }

    private String now() {
        return Timestamps.format(clock.instant());
    }
}
