package dev.swarm.node.lease;

import dev.swarm.node.messaging.StateChange;
import dev.swarm.node.messaging.StoreHook;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.LeaseRepository;
import dev.swarm.node.state.Store;
import java.time.Clock;

/**
 * Records lease messages in {@code lease_events} in the transaction that stores them. A received one
 * is read first ({@link LeaseEvents#parse}: a malformed one, or one about another holder, is refused
 * and nothing is stored) and then dropped from the inbox in that transaction, like presence: it never
 * wakes the agent, never reaches its hooks and never shows in {@code swarm messages}; the lease table
 * is its view. A message this node sends is recorded as it is queued. Runs before the sequencer's
 * numbering of the same message (both are store hooks).
 */
public final class LeaseRecorder implements StoreHook {
    private final Clock clock;

    public LeaseRecorder(Clock clock) {
        this.clock = clock;
    }

    @Override
    public StateChange received(Envelope envelope) {
        if (!LeaseEvents.coordinates(envelope)) {
            return StateChange.NONE;
        }
        LeaseEvent event = LeaseEvents.parse(envelope);
        return StateChange.bookkeeping(store -> {
            store.inbox().forget(envelope.swarmId(), envelope.sender().agentId(), envelope.messageId());
            record(store, envelope.swarmId(), event);
        });
    }

    @Override
    public StateChange sent(Envelope envelope) {
        if (!LeaseEvents.coordinates(envelope)) {
            return StateChange.NONE;
        }
        LeaseEvent event = LeaseEvents.parse(envelope);
        return StateChange.bookkeeping(store -> record(store, envelope.swarmId(), event));
    }

    private void record(Store store, String swarmId, LeaseEvent e) {
        store.leases().record(new LeaseRepository.Row(swarmId, e.holder(), e.messageId(), e.kind().wire(),
                e.leaseId(), e.repo(), e.mode() == null ? null : e.mode().wire(),
                e.globs().isEmpty() ? null : String.join("\n", e.globs()), e.expiresAt(), e.at()),
                Timestamps.format(clock.instant()));
    }
}
