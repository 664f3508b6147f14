package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Invite;
import dev.swarm.node.state.Swarm;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", description = "List the invites this node issued, with their use counts and revocations.")
final class InviteListCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    InviteListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        String swarmId = node.resolver().resolveOrAll(swarm.swarm).map(Swarm::swarmId).orElse(null);
        List<Invite> invites = node.invites().list(swarmId);
        Instant now = Instant.now();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("swarm_id", swarmId);
        result.put("invites", invites.stream().map(invite -> row(invite, now)).toList());
        Output.print(context, output.json, result, out -> {
            if (invites.isEmpty()) {
                out.println("No invites. Issue one with 'swarm invite'.");
            }
            for (Invite i : invites) {
                out.println(i.inviteId() + "  " + status(i, now) + "  used " + i.uses()
                        + (i.maxUses() == null ? "" : " of " + i.maxUses()) + "  expires "
                        + (i.expiresAt() == null ? "never" : i.expiresAt()) + "  swarm " + i.swarmId());
            }
        });
        return 0;
    }

    static Map<String, Object> row(Invite invite, Instant now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("invite_id", invite.inviteId());
        row.put("swarm_id", invite.swarmId());
        row.put("created_at", invite.createdAt());
        row.put("expires_at", invite.expiresAt());
        row.put("max_uses", invite.maxUses());
        row.put("uses", invite.uses());
        row.put("revoked_at", invite.revokedAt());
        row.put("status", status(invite, now));
        return row;
    }

    /** {@code revoked}, {@code expired}, {@code used_up} or {@code active}, in that order of precedence. */
    static String status(Invite invite, Instant now) {
        if (invite.revokedAt() != null) {
            return "revoked";
        }
        if (invite.expiresAt() != null && !Timestamps.parse(invite.expiresAt()).isAfter(now)) {
            return "expired";
        }
        return invite.isExhausted() ? "used_up" : "active";
    }
}
