package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.state.Mute;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "unmute", description = "Lift the mute on an agent or a swarm.")
final class UnmuteCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    MuteTarget target;

    UnmuteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        Mute lifted = node.mutes().unmute(target.kind(), target.target(node));
        Output.print(context, output.json, MuteCommand.document("unmuted", lifted),
                out -> out.println("Unmuted " + lifted.kind() + " " + lifted.target()));
        return 0;
    }
}
