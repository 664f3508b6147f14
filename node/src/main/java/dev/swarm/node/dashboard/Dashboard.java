package dev.swarm.node.dashboard;

import dev.swarm.node.github.IssueService;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.observe.NodeMetrics;
import dev.swarm.node.observe.RateHistory;
import dev.swarm.node.observe.Reachability;
import dev.swarm.node.presence.WhoService;
import dev.swarm.node.server.LocalRoutes;
import dev.swarm.node.state.Database;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The daemon's dashboard: its routes on the local API and the thread that keeps browsers up to date.
 * Started by {@code swarm serve}; closed with the node.
 */
public final class Dashboard implements AutoCloseable {
    private final DashboardHub hub;
    private final DashboardRoutes routes;

    public Dashboard(Database database, String agentId, AdminToken token, NodeMetrics metrics,
                     Supplier<IssueService> issues, Supplier<WhoService> who, Clock clock) {
        RateHistory history = new RateHistory();
        this.hub = new DashboardHub(Panels.of(database, agentId, new Reachability(database, agentId), history, issues,
                who),
                metrics, history, clock).start();
        this.routes = new DashboardRoutes(token, new Sessions(clock), hub, agentId);
    }

    public LocalRoutes routes() {
        return routes;
    }

    @Override
    public void close() {
        hub.close();
    }
}
