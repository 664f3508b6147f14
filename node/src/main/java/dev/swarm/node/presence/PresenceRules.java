package dev.swarm.node.presence;

import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.ReceiveRule;
import dev.swarm.node.messaging.StateChange;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.PresenceRow;
import dev.swarm.node.state.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A received presence announcement (it comes from a current member: the receive path has checked
 * that, and the signature). It updates the member's row in {@code presence} unless a later one is
 * there already, and leaves nothing in the inbox: it never wakes the agent, never reaches its hooks
 * and never shows in {@code swarm messages}. A member that announces presence is recorded as
 * speaking it ({@value Presence#CAPABILITY}), so this node sends it presence too.
 */
public final class PresenceRules implements ReceiveRule {
    private final Clock clock;

    public PresenceRules(Clock clock) {
        this.clock = clock;
    }

    @Override
    public StateChange change(Envelope e) {
        if (!Presence.is(e)) {
            return StateChange.NONE;
        }
        Presence presence = Presence.parse(e);
        PresenceRow row = new PresenceRow(e.swarmId(), presence.agentId(), presence.state().wire(), presence.since(),
                presence.activeAt(), presence.client(), presence.roles(), presence.claims(), e.messageId(),
                Envelopes.sentAt(e), Timestamps.format(clock.instant()));
        StateChange record = StateChange.bookkeeping(store -> {
            store.inbox().forget(e.swarmId(), e.sender().agentId(), e.messageId());
            store.presence().upsertIfNewer(row);
        });
        return record.andThen(store -> widen(store, e.swarmId(), presence.agentId()));
    }

    /** Records that the member speaks presence, if not known yet (capabilities are only ever widened). */
    static void widen(Store store, String swarmId, String agentId) {
        Optional<Member> member = store.members().find(swarmId, agentId);
        if (member.isPresent() && !member.get().capabilities().contains(Presence.CAPABILITY)) {
            List<String> capabilities = new ArrayList<>(member.get().capabilities());
            capabilities.add(Presence.CAPABILITY);
            Member m = member.get();
            store.members().upsert(new Member(swarmId, agentId, m.endpoint(), m.publicKey(), capabilities,
                    m.joinedAt()));
        }
    }
}
