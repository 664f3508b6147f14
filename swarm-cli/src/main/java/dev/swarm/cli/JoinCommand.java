package dev.swarm.cli;

import dev.swarm.node.membership.JoinService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "join", description = "Join a swarm with an invite (the swarm:// URL or the bare token).")
final class JoinCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    ClientOptions client;

    @Option(names = {"-t", "--token"}, required = true, paramLabel = "INVITE", description = "The invite.")
    String token;

    JoinCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JoinService.Result joined = context.node(client.nodeOptions()).joins().join(token);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", joined.status());
        result.put("swarm_id", joined.swarmId());
        result.put("name", joined.name());
        result.put("master", joined.master());
        result.put("member_count", joined.memberCount());
        if (joined.message() != null) {
            result.put("message", joined.message());
        }
        Output.print(context, output.json, result, out -> {
            if ("joined".equals(joined.status())) {
                out.println("Joined swarm '" + Output.line(joined.name()) + "' (" + joined.swarmId() + "), master "
                        + Output.line(joined.master()) + ", " + joined.memberCount() + " members");
            } else {
                out.println("Join of swarm " + joined.swarmId() + " is waiting for " + Output.line(joined.master())
                        + "'s approval; run the same join again once approved");
            }
        });
        return 0;
    }
}
