package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.membership.LifecycleService;
import dev.swarm.node.membership.MembershipChange;
import dev.swarm.node.state.Swarm;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "leave", description = "Leave a swarm; the other members are told and drop you. The master cannot leave.")
final class LeaveCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Mixin
    ConfirmOption confirm;

    @Mixin
    WaitOption wait;

    @Mixin
    ClientOptions client;

    LeaveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(client.nodeOptions());
        Swarm target = node.resolver().resolveActive(swarm.swarm);
        LifecycleService lifecycle = node.lifecycle();
        lifecycle.checkLeave(target);
        if (!confirm.confirmed(context, output.json, "Leave swarm " + target.name() + " (" + target.swarmId() + ")?")) {
            return ConfirmOption.DECLINED;
        }
        MembershipChange change = lifecycle.leave(target, wait.duration());
        Output.print(context, output.json, change, out -> {
            out.println("Left swarm " + Output.line(target.name()) + " (" + target.swarmId() + ")");
            Deliveries.print(out, change.deliveries());
        });
        return 0;
    }
}
