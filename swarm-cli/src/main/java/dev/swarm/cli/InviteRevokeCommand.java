package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.membership.InviteService;
import dev.swarm.node.state.Invite;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "revoke", description = "Revoke an invite: joins with its token are refused (INVALID_TOKEN).")
final class InviteRevokeCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Parameters(index = "0", paramLabel = "JTI", description = "The invite's id (invite_id, from swarm invite list).")
    String inviteId;

    @Mixin
    ConfirmOption confirm;

    InviteRevokeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        InviteService invites = node.invites();
        Invite invite = invites.check(inviteId);
        if (!confirm.confirmed(context, output.json, "Revoke invite " + invite.inviteId() + " (used " + invite.uses()
                + " times)?")) {
            return ConfirmOption.DECLINED;
        }
        Invite revoked = invites.revoke(inviteId);
        // the invite as listed, whose status is now "revoked" (listed first)
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "revoked");
        InviteListCommand.row(revoked, Instant.now()).forEach(result::putIfAbsent);
        Output.print(context, output.json, result, out -> out.println("Revoked invite " + revoked.inviteId()
                + " (at " + revoked.revokedAt() + "); joins with its token are refused"));
        return 0;
    }
}
