package dev.swarm.node.dashboard;

import dev.swarm.node.state.Database;
import dev.swarm.node.state.ObserveQueries;
import dev.swarm.node.state.Swarm;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The newest messages received in each active swarm, newest first, their text shown as peer text. */
final class MessagesPanel implements Panel {
    static final int PER_SWARM = 15;

    private final Database database;

    MessagesPanel(Database database) {
        this.database = database;
    }

    @Override
    public String id() {
        return "messages";
    }

    @Override
    public String title() {
        return "Recent messages";
    }

    @Override
    public String render() {
        Map<Swarm, List<ObserveQueries.RecentMessage>> bySwarm = database.read(store -> store.swarms().active().stream()
                .collect(Collectors.toMap(swarm -> swarm, swarm -> store.observe().recentMessages(swarm.swarmId(),
                        PER_SWARM), (a, b) -> a, java.util.LinkedHashMap::new)));
        Html html = new Html();
        if (bySwarm.isEmpty()) {
            return html.element("p", "empty", "This node is in no swarm.").toString();
        }
        bySwarm.forEach((swarm, messages) -> {
            html.raw("<h3>").text(swarm.name()).raw("</h3>");
            if (messages.isEmpty()) {
                html.element("p", "empty", "No messages received yet.");
                return;
            }
            html.raw("<ol class=\"messages\">");
            for (ObserveQueries.RecentMessage m : messages) {
                html.raw("<li class=\"message " + ("unread".equals(m.status()) ? "unread" : "seen") + "\""
                        + " data-message-id=\"").text(m.messageId()).raw("\"><div class=\"meta\">")
                        .element("span", "from", m.senderId())
                        .element("span", "type", m.type())
                        .element("span", "priority " + ("high".equals(m.priority()) ? "high" : "normal"), m.priority())
                        .element("span", "status", m.status())
                        .element("time", null, Panel.time(m.receivedAt()))
                        .raw("</div>");
                html.peerText(m.senderId(), m.content());
                html.raw("</li>");
            }
            html.raw("</ol>");
        });
        return html.toString();
    }
}
