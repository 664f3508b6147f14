package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.membership.TransferService;
import dev.swarm.node.state.Swarm;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "transfer", description = "Hand the master role of your swarm to another member; it tells everyone.")
final class TransferCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Option(names = {"-t", "--to"}, paramLabel = "AGENT", required = true, description = "The member to become master.")
    String to;

    @Mixin
    ConfirmOption confirm;

    @Mixin
    ClientOptions client;

    TransferCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(client.nodeOptions());
        Swarm target = node.resolver().resolveActive(swarm.swarm);
        TransferService transfers = node.transfers();
        transfers.check(target, to);
        if (!confirm.confirmed(context, output.json, "Make " + to + " the master of swarm " + target.name() + " ("
                + target.swarmId() + ")? You will no longer be able to undo this yourself.")) {
            return ConfirmOption.DECLINED;
        }
        TransferService.Transfer transfer = transfers.transfer(target, to);
        Output.print(context, output.json, transfer, out -> out.println(Output.line(to) + " is now the master of swarm "
                + Output.line(target.name()) + "; it tells the other members"));
        return 0;
    }
}
