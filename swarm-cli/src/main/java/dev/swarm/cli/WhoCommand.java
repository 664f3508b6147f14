package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.presence.MemberPresence;
import dev.swarm.node.presence.Who;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "who", description = {"Every member: idle, working or away, last seen, reachable or not, roles, the"
        + " issues and paths it holds; a holder silent past stuck_after is flagged STUCK.",
        "Without --swarm (or SWARM_ID, default_swarm): every swarm."})
final class WhoCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Mixin
    CoordinationOptions coordination;

    WhoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Who who = context.node(NodeOptions.DEFAULTS.withCoordination(coordination.config())).who().who(swarm.swarm);
        Output.print(context, output.json, who, out -> {
            if (who.swarms().isEmpty()) {
                out.println("This node is in no swarm.");
            }
            for (Who.SwarmMembers s : who.swarms()) {
                out.println(s.name() + " (" + s.swarmId() + "), master " + s.master());
                for (MemberPresence m : s.members()) {
                    out.println("  " + line(m));
                }
            }
        });
        return 0;
    }

    private static String line(MemberPresence m) {
        List<String> parts = new ArrayList<>();
        parts.add(m.agentId() + (m.you() ? " (you)" : "") + (m.master() ? " (master)" : ""));
        parts.add(m.state() + (m.stateSince() == null ? "" : " since " + m.stateSince())
                + (m.client() == null ? "" : " [" + m.client() + "]"));
        if (!m.you()) {
            parts.add(m.reachable() == null ? "not tried yet" : m.reachable() ? "reachable"
                    : "unreachable" + (m.deliveryErrorCode() == null ? "" : " (" + m.deliveryErrorCode() + ")"));
            parts.add("last seen " + (m.lastSeen() == null ? "never" : m.lastSeen()));
        }
        if (!m.roles().isEmpty()) {
            parts.add("roles " + String.join(" ", m.roles()));
        }
        if (!m.claims().isEmpty()) {
            parts.add("holds " + String.join(" ", m.claims()));
        }
        if (!m.leases().isEmpty()) {
            parts.add("leases " + Output.line(String.join(" ", m.leases())));
        }
        if (m.stuck()) {
            parts.add("STUCK: silent since " + m.silentSince());
        }
        return String.join("; ", parts);
    }
}
