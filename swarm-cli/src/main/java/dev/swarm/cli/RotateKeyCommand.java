package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.membership.KeyRotation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rotate-key", description = "Replace this agent's key pair and announce the new key, signed with the"
        + " old one, in every swarm it is in.")
final class RotateKeyCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = "--dry-run", description = "Show where the new key would be announced (and which members' nodes"
            + " cannot apply it); change nothing.")
    boolean dryRun;

    @Mixin
    ConfirmOption confirm;

    @Mixin
    WaitOption wait;

    @Mixin
    ClientOptions client;

    RotateKeyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(client.nodeOptions());
        KeyRotation rotation = node.keyRotation();
        KeyRotation.Result plan = rotation.plan();
        if (dryRun) {
            Output.print(context, output.json, plan, out -> print(out, plan));
            return 0;
        }
        if (!confirm.confirmed(context, output.json, "Replace the key of " + plan.agentId() + " and announce it in "
                + plan.swarms().size() + " swarm(s)? The old key is gone afterwards.")) {
            return ConfirmOption.DECLINED;
        }
        KeyRotation.Result done = rotation.rotate(wait.duration());
        Output.print(context, output.json, done, out -> {
            print(out, done);
            Deliveries.print(out, done.deliveries());
        });
        return 0;
    }

    private static void print(java.io.PrintStream out, KeyRotation.Result result) {
        out.println(("planned".equals(result.status()) ? "Would rotate" : "Rotated") + " the key of "
                + result.agentId() + (result.newPublicKey() == null ? ""
                : "; new public key " + result.newPublicKey()));
        for (KeyRotation.SwarmPlan swarm : result.swarms()) {
            out.println("  " + swarm.name() + " (" + swarm.swarmId() + "): " + (swarm.members() - 1)
                    + " other member(s)" + (swarm.olderPeers().isEmpty() ? "" : "; cannot apply it (older nodes): "
                    + String.join(", ", swarm.olderPeers()) + " - leave and join that swarm again for them"));
        }
        out.println("  " + result.resigned() + " pending outbox row(s) " + ("planned".equals(result.status())
                ? "would be" : "were") + " re-signed with the new key");
    }
}
