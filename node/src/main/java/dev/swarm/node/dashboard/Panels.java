package dev.swarm.node.dashboard;

import dev.swarm.node.github.IssueService;
import dev.swarm.node.observe.Reachability;
import dev.swarm.node.observe.RateHistory;
import dev.swarm.node.presence.WhoService;
import dev.swarm.node.state.Database;
import java.util.List;
import java.util.function.Supplier;

/**
 * The dashboard's panels, in page order: the one place that lists them. A new view is a {@link Panel}
 * class and one line here; the page, the live updates and the tests of escaping pick it up from this list.
 */
final class Panels {
    private Panels() {
    }

    static List<Panel> of(Database database, String selfId, Reachability reachability, RateHistory history,
                          Supplier<IssueService> issues, Supplier<WhoService> who) {
        return List.of(
                new MembersPanel(reachability),
                new WhoPanel(who),
                new ChartPanel(history),
                new MessagesPanel(database),
                new OutboxPanel(database),
                new BoardPanel(database, issues, selfId),
                new WakePanel(database));
    }
}
