package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.membership.InviteService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "invite", description = "Issue an invite (a signed token in a swarm:// URL) to a swarm you are master of.",
        subcommands = {InviteListCommand.class, InviteRevokeCommand.class})
final class InviteCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Option(names = {"-e", "--expires"}, paramLabel = "HOURS", defaultValue = "24",
            description = "Hours until the invite expires (default ${DEFAULT-VALUE}).")
    double expiresHours;

    @Option(names = {"-m", "--max-uses"}, paramLabel = "N", description = "How many agents may use it (default: any).")
    Integer maxUses;

    InviteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!(expiresHours > 0)) {
            throw SwarmException.invalidArgument("--expires must be a positive number of hours");
        }
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        InviteService.Issued issued = node.invites().issue(node.resolver().resolve(swarm.swarm),
                Duration.ofMillis(Math.round(expiresHours * 3_600_000)), maxUses);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "created");
        result.put("invite_token", issued.url().toString());
        result.put("swarm_id", issued.invite().swarmId());
        result.put("invite_id", issued.invite().inviteId());
        result.put("expires_at", issued.invite().expiresAt());
        result.put("max_uses", issued.invite().maxUses());
        Output.print(context, output.json, result, out -> out.println(issued.url()));
        return 0;
    }
}
