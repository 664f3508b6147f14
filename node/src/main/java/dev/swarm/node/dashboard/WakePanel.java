package dev.swarm.node.dashboard;

import dev.swarm.node.state.Database;
import dev.swarm.node.state.WakeLogEntry;
import java.util.List;

/** The newest wake attempts and why each ended as it did ({@code swarm wake log}). */
final class WakePanel implements Panel {
    static final int LIMIT = 20;

    private final Database database;

    WakePanel(Database database) {
        this.database = database;
    }

    @Override
    public String id() {
        return "wake";
    }

    @Override
    public String title() {
        return "Wake log";
    }

    @Override
    public String render() {
        List<WakeLogEntry> entries = database.read(store -> store.wakeLog().recent(LIMIT));
        Html html = new Html();
        if (entries.isEmpty()) {
            return html.element("p", "empty", "No wake yet.").toString();
        }
        html.raw("<table><thead><tr><th>at</th><th>outcome</th><th>level</th><th>from</th><th>why</th><th>line</th></tr>"
                + "</thead><tbody>");
        for (int i = entries.size() - 1; i >= 0; i--) {
            WakeLogEntry e = entries.get(i);
            html.raw("<tr class=\"wake\"><td>").text(Panel.time(e.at())).raw("</td><td>")
                    .element("span", "badge " + e.outcome(), e.outcome()).raw("</td><td>").text(e.level())
                    .raw("</td><td>").text(String.join(", ", e.senders())).raw("</td><td>")
                    .text(e.reason() == null ? "" : e.reason()).raw("</td><td>");
            if (e.line() != null) {
                html.untrusted("wake line", "the line typed into the agent's pane; with wake_include_content it"
                        + " quotes peers", e.line());
            }
            html.raw("</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }
}
