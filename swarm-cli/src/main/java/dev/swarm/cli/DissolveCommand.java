package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.membership.LifecycleService;
import dev.swarm.node.membership.MembershipChange;
import dev.swarm.node.state.Swarm;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dissolve", description = "End a swarm you are master of, for every member.")
final class DissolveCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Option(names = {"-r", "--reason"}, paramLabel = "TEXT", description = "Why; sent to the members.")
    String reason;

    @Mixin
    ConfirmOption confirm;

    @Mixin
    WaitOption wait;

    @Mixin
    ClientOptions client;

    DissolveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(client.nodeOptions());
        Swarm target = node.resolver().resolveActive(swarm.swarm);
        LifecycleService lifecycle = node.lifecycle();
        lifecycle.checkDissolve(target);
        if (!confirm.confirmed(context, output.json, "Dissolve swarm " + target.name() + " (" + target.swarmId()
                + ") for every member?")) {
            return ConfirmOption.DECLINED;
        }
        MembershipChange change = lifecycle.dissolve(target, reason, wait.duration());
        Output.print(context, output.json, change, out -> {
            out.println("Dissolved swarm " + Output.line(target.name()) + " (" + target.swarmId() + ")");
            Deliveries.print(out, change.deliveries());
        });
        return 0;
    }
}
