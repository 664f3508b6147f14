package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.state.Mute;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "mute", description = "Mute an agent or a swarm: messages are still stored, marked muted, and wake no one.")
final class MuteCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    MuteTarget target;

    @Option(names = {"-r", "--reason"}, paramLabel = "TEXT", description = "A note for yourself (kept on this node).")
    String reason;

    MuteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        String id = target.target(node);
        Mute mute = Mute.AGENT.equals(target.kind()) ? node.mutes().muteAgent(id, reason)
                : node.mutes().muteSwarm(node.resolver().resolve(id), reason);
        Output.print(context, output.json, document("muted", mute), out -> out.println("Muted " + mute.kind() + " "
                + mute.target() + (mute.reason() == null ? "" : " (" + mute.reason() + ")")));
        return 0;
    }

    static Map<String, Object> document(String status, Mute mute) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", status);
        result.put("kind", mute.kind());
        result.put("target", mute.target());
        result.put("reason", mute.reason());
        result.put("created_at", mute.createdAt());
        return result;
    }
}
