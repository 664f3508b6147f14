package dev.swarm.node.dashboard;

import dev.swarm.node.github.IssueBoard;
import dev.swarm.node.github.IssueService;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Swarm;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The issue board of each active swarm, as {@code swarm issue board} shows it. */
final class BoardPanel implements Panel {
    private final Database database;
    private final Supplier<IssueService> issues;
    private final String selfId;

    BoardPanel(Database database, Supplier<IssueService> issues, String selfId) {
        this.database = database;
        this.issues = issues;
        this.selfId = selfId;
    }

    @Override
    public String id() {
        return "board";
    }

    @Override
    public String title() {
        return "Issue board";
    }

    @Override
    public Duration every() {
        return Duration.ofSeconds(5);
    }

    @Override
    public String render() {
        List<Swarm> swarms = database.read(store -> store.swarms().active());
        Html html = new Html();
        if (swarms.isEmpty()) {
            return html.element("p", "empty", "This node is in no swarm.").toString();
        }
        IssueService service = issues.get();
        for (Swarm swarm : swarms) {
            html.raw("<h3>").text(swarm.name()).raw("</h3>");
            List<IssueBoard.Entry> entries = service.board(swarm.swarmId()).issues();
            if (entries.isEmpty()) {
                html.element("p", "empty", "No message names an issue yet.");
                continue;
            }
            html.raw("<table><thead><tr><th>issue</th><th>state</th><th>owner</th><th>since</th><th>note</th></tr>"
                    + "</thead><tbody>");
            for (IssueBoard.Entry entry : entries) {
                html.raw("<tr class=\"issue\"><td>").text(entry.issue()).raw("</td><td>")
                        .element("span", "badge " + entry.state(), entry.state());
                if (entry.lapsed() != null) {
                    html.raw(" ").element("span", "tag", "lapsed: " + entry.lapsed());
                }
                for (IssueBoard.Conflict conflict : entry.conflicts()) {
                    html.raw(" ").element("span", "tag conflict", "lost: " + conflict.loser());
                }
                html.raw("</td><td>").text(entry.owner() == null ? "" : entry.owner())
                        .raw("</td><td>").text(entry.since() == null ? "" : Panel.time(entry.since())).raw("</td><td>");
                if (entry.note() != null && !entry.note().isEmpty()) {
                    if (selfId.equals(entry.owner())) {
                        html.text(entry.note());
                    } else {
                        html.peerText(entry.owner() == null ? "a member" : entry.owner(), entry.note());
                    }
                }
                html.raw("</td></tr>");
            }
            html.raw("</tbody></table>");
        }
        return html.toString();
    }
}
