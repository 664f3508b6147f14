package dev.swarm.node.dashboard;

import dev.swarm.node.observe.Reachability;
import java.util.List;
import java.util.Locale;

/** Members of each active swarm and how reachable each is from here (the outbox and the inbox). */
final class MembersPanel implements Panel {
    private final Reachability reachability;

    MembersPanel(Reachability reachability) {
        this.reachability = reachability;
    }

    @Override
    public String id() {
        return "members";
    }

    @Override
    public String title() {
        return "Members";
    }

    @Override
    public String render() {
        List<Reachability.SwarmPeers> swarms = reachability.read();
        Html html = new Html();
        if (swarms.isEmpty()) {
            return html.element("p", "empty", "This node is in no swarm.").toString();
        }
        for (Reachability.SwarmPeers swarm : swarms) {
            html.raw("<h3>").text(swarm.name()).raw(" <span class=\"id\">").text(swarm.swarmId()).raw("</span></h3>");
            html.raw("<table><thead><tr><th>agent</th><th>state</th><th>last delivery</th><th>last message in</th>"
                    + "<th>waiting</th><th>endpoint</th></tr></thead><tbody>");
            for (Reachability.Peer peer : swarm.members()) {
                String state = peer.state().name().toLowerCase(Locale.ROOT);
                html.raw("<tr class=\"member " + state + "\"><td>").text(peer.agentId());
                if (peer.agentId().equals(swarm.master())) {
                    html.raw(" ").element("span", "tag", "master");
                }
                html.raw("</td><td>").element("span", "badge " + state, peer.state() == Reachability.State.SELF
                        ? "this node" : state);
                if (peer.state() == Reachability.State.FAILING || peer.state() == Reachability.State.UNREACHED) {
                    html.raw("<div class=\"error\">").element("code", null, peer.errorCode()).raw(" ");
                    html.untrusted("error, may quote the peer", "the last attempt's error; a peer's refusal is in its"
                            + " own words", peer.error());
                    html.raw("<div class=\"small\">").text("tried " + Panel.time(peer.lastAttempt())
                            + (peer.nextAttempt() == null ? ", given up" : ", next " + Panel.time(peer.nextAttempt())))
                            .raw("</div></div>");
                }
                html.raw("</td><td>").text(peer.state() == Reachability.State.SELF ? "" : Panel.time(peer.lastDelivered()))
                        .raw("</td><td>").text(peer.state() == Reachability.State.SELF ? ""
                                : Panel.time(peer.lastReceived()))
                        .raw("</td><td>").text(peer.pending() == 0 ? "" : peer.pending() + " since "
                                + Panel.time(peer.oldestPending()))
                        .raw("</td><td class=\"endpoint\">").text(peer.endpoint()).raw("</td></tr>");
            }
            html.raw("</tbody></table>");
        }
        return html.toString();
    }
}
