package dev.swarm.node.dashboard;

import dev.swarm.node.presence.MemberPresence;
import dev.swarm.node.presence.Who;
import dev.swarm.node.presence.WhoService;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Who is doing what, as {@code swarm who} shows it: each member's presence state and since when, last
 * seen, whether it is reachable, its roles, the issues it claims and the paths it leases, and a stuck
 * flag. Agent ids, roles, issues and leased globs are checked names, yet a glob may hold characters
 * that mean something in HTML, so everything is escaped (and made visible, should a hidden character
 * ever get through).
 */
final class WhoPanel implements Panel {
    private final Supplier<WhoService> who;

    WhoPanel(Supplier<WhoService> who) {
        this.who = who;
    }

    @Override
    public String id() {
        return "who";
    }

    @Override
    public String title() {
        return "Who";
    }

    @Override
    public Duration every() {
        return Duration.ofSeconds(5);
    }

    @Override
    public String render() {
        Who everyone = who.get().who(null);
        Html html = new Html();
        if (everyone.swarms().isEmpty()) {
            return html.element("p", "empty", "This node is in no swarm.").toString();
        }
        for (Who.SwarmMembers swarm : everyone.swarms()) {
            html.raw("<h3>").text(swarm.name()).raw("</h3>");
            html.raw("<table><thead><tr><th>agent</th><th>state</th><th>last seen</th><th>reachable</th><th>roles</th>"
                    + "<th>claims</th><th>leases</th></tr></thead><tbody>");
            for (MemberPresence m : swarm.members()) {
                html.raw("<tr class=\"who\"><td>").text(m.agentId());
                if (m.you()) {
                    html.raw(" ").element("span", "tag", "you");
                }
                if (m.master()) {
                    html.raw(" ").element("span", "tag", "master");
                }
                html.raw("</td><td>").element("span", "badge " + m.state(), m.state());
                if (m.stateSince() != null) {
                    html.raw(" ").element("span", "small", "since " + Panel.time(m.stateSince()));
                }
                if (m.stuck()) {
                    html.raw(" ").element("span", "tag conflict", "stuck since " + Panel.time(m.silentSince()));
                }
                html.raw("</td><td>").text(m.you() ? "" : Panel.time(m.lastSeen())).raw("</td><td>")
                        .text(m.you() ? "" : m.reachable() == null ? "not tried" : m.reachable() ? "yes"
                                : "no" + (m.deliveryErrorCode() == null ? "" : " (" + m.deliveryErrorCode() + ")"))
                        .raw("</td><td>").text(String.join(" ", m.roles())).raw("</td><td>");
                list(html, m.claims());
                html.raw("</td><td>");
                list(html, m.leases());
                html.raw("</td></tr>");
            }
            html.raw("</tbody></table>");
        }
        return html.toString();
    }

    private static void list(Html html, List<String> items) {
        for (String item : items) {
            html.element("div", "held", Html.visibleControls(item));
        }
    }
}
