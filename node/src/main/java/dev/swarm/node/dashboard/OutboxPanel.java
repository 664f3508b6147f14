package dev.swarm.node.dashboard;

import dev.swarm.node.state.Database;
import dev.swarm.node.state.OutboxRow;
import java.util.List;

/** Deliveries not (yet) made: pending with their last error, failed (refused) and dead (given up). */
final class OutboxPanel implements Panel {
    static final int LIMIT = 30;

    private final Database database;

    OutboxPanel(Database database) {
        this.database = database;
    }

    @Override
    public String id() {
        return "outbox";
    }

    @Override
    public String title() {
        return "Outbox";
    }

    @Override
    public String render() {
        record Read(List<OutboxRow> rows, java.util.Map<String, Integer> counts) {
        }
        Read read = database.read(store -> new Read(store.outbox().list(null, List.of(OutboxRow.PENDING, OutboxRow.FAILED,
                OutboxRow.DEAD), LIMIT), store.outbox().counts()));
        Html html = new Html();
        html.raw("<p class=\"counts\">");
        read.counts().forEach((status, n) -> html.element("span", "count " + status, status + " " + n).raw(" "));
        html.raw("</p>");
        if (read.rows().isEmpty()) {
            return html.element("p", "empty", "Nothing waits: every message was delivered.").toString();
        }
        html.raw("<table><thead><tr><th>status</th><th>to</th><th>message</th><th>attempts</th><th>queued</th>"
                + "<th>last try</th><th>error</th></tr></thead><tbody>");
        for (int i = read.rows().size() - 1; i >= 0; i--) {
            OutboxRow row = read.rows().get(i);
            html.raw("<tr class=\"delivery " + row.status() + "\"><td>").element("span", "badge " + row.status(),
                            row.status())
                    .raw("</td><td>").text(row.recipientId())
                    .raw("</td><td><code>").text(row.messageId().substring(0, 8)).raw("</code></td><td>")
                    .text(row.attempts()).raw("</td><td>").text(Panel.time(row.ageFrom()))
                    .raw("</td><td>").text(row.lastAttemptAt() == null ? "not yet" : Panel.time(row.lastAttemptAt()))
                    .raw("</td><td class=\"error\">");
            if (row.lastErrorCode() != null) {
                html.element("code", "code", row.lastErrorCode()).raw(" ");
                html.untrusted("error, may quote the peer", "the delivery's last error; a peer's refusal is in its"
                        + " own words", row.lastError());
            }
            html.raw("</td></tr>");
        }
        return html.raw("</tbody></table>").toString();
    }
}
