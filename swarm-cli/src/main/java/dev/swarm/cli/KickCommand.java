package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.membership.LifecycleService;
import dev.swarm.node.membership.MembershipChange;
import dev.swarm.node.state.Swarm;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "kick", description = "Remove a member from a swarm you are master of; it and the others are told.")
final class KickCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Option(names = {"-a", "--agent"}, paramLabel = "AGENT", required = true, description = "The member to remove.")
    String agent;

    @Option(names = {"-r", "--reason"}, paramLabel = "TEXT", description = "Why; sent to the members.")
    String reason;

    @Mixin
    ConfirmOption confirm;

    @Mixin
    WaitOption wait;

    @Mixin
    ClientOptions client;

    KickCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(client.nodeOptions());
        Swarm target = node.resolver().resolveActive(swarm.swarm);
        LifecycleService lifecycle = node.lifecycle();
        lifecycle.checkKick(target, agent);
        if (!confirm.confirmed(context, output.json, "Kick " + agent + " from swarm " + target.name() + " ("
                + target.swarmId() + ")?")) {
            return ConfirmOption.DECLINED;
        }
        MembershipChange change = lifecycle.kick(target, agent, reason, wait.duration());
        Output.print(context, output.json, change, out -> {
            out.println("Kicked " + Output.line(agent) + " from swarm " + Output.line(target.name()));
            Deliveries.print(out, change.deliveries());
        });
        return 0;
    }
}
