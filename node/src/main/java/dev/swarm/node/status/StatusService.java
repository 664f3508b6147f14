package dev.swarm.node.status;

import dev.swarm.node.coordination.CoordinationStatus;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.InboxStatus;
import dev.swarm.node.state.Mute;
import dev.swarm.node.state.PendingJoin;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gathers {@code swarm status} in one read transaction. */
public final class StatusService {
    private final SwarmHome home;
    private final Identity identity;
    private final Database database;
    private final Clock clock;

    public StatusService(SwarmHome home, Identity identity, Database database) {
        this(home, identity, database, Clock.systemUTC());
    }

    public StatusService(SwarmHome home, Identity identity, Database database, Clock clock) {
        this.home = home;
        this.identity = identity;
        this.database = database;
        this.clock = clock;
    }

    public StatusReport report() {
        var holder = ServeLock.holder(home);
        return database.read(store -> {
            List<StatusReport.SwarmSummary> swarms = store.swarms().all().stream()
                    .map(s -> new StatusReport.SwarmSummary(s.swarmId(), s.name(), s.master(),
                            s.master().equals(identity.agentId()), s.state(), store.members().count(s.swarmId()),
                            store.inbox().counts(s.swarmId()).get(InboxStatus.UNREAD)))
                    .toList();
            Map<String, Integer> inbox = new LinkedHashMap<>();
            store.inbox().counts(null).forEach((status, n) -> inbox.put(status.wire(), n));
            Map<String, Integer> outbox = store.outbox().counts();
            List<Mute> mutes = store.mutes().all();
            List<String> mutedAgents = mutes.stream().filter(m -> m.kind().equals("agent")).map(Mute::target).toList();
            List<String> mutedSwarms = mutes.stream().filter(m -> m.kind().equals("swarm")).map(Mute::target).toList();
            return new StatusReport("initialized", identity.agentId(), identity.endpoint(), identity.publicKeyBase64(),
                    home.configFile().toString(), database.file().toString(),
                    (int) swarms.stream().filter(s -> s.state().equals("active")).count(), mutedAgents.size(),
                    mutedSwarms.size(), new StatusReport.Serving(holder.isPresent(), holder.orElse(null)), swarms,
                    inbox, outbox, store.pendingJoins().all().stream().map(PendingJoin::swarmId).toList(),
                    mutedAgents, mutedSwarms, null, CoordinationStatus.of(store, clock.instant()));
        });
    }
}
