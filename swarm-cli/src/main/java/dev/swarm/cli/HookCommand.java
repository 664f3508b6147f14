package dev.swarm.cli;

import dev.swarm.node.agent.AgentKind;
import dev.swarm.node.client.LocalApiClient;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.hook.HookInput;
import dev.swarm.node.hook.HookReply;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.messaging.PeerText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * What the agents' hooks run. The launchers hand {@code swarm hook} to a small script
 * ({@code deploy/swarm-hook}) that talks to the daemon without starting a JVM; this is the same call
 * for a {@code swarm} started some other way: the daemon answers when one runs, and without one the
 * command prints nothing, like the script. It never fails the agent: every error is swallowed and
 * the exit status is 0.
 */
@Command(name = "hook", description = {"Called by a coding agent's hooks (installed by swarm agent setup): prints the"
        + " unread peer messages for the agent's context, fenced as untrusted peer text, in that client's format.",
        "Input: the client's hook JSON on stdin (Codex's notify: the last argument). Prints nothing and exits 0"
                + " when no daemon runs or anything fails."})
final class HookCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "AGENT", description = "claude, codex or gemini.")
    String agent;

    @Parameters(index = "1", paramLabel = "EVENT", description = "The client's event name (SessionStart, PostToolUse, notify, ...).")
    String event;

    @Parameters(index = "2..*", paramLabel = "ARG", description = "Codex's notify JSON, last; before it (after --),"
            + " a notify program the user had before, run after the node was told.")
    List<String> rest = List.of();

    HookCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try {
            AgentKind kind = AgentKind.parse(agent);
            byte[] input = rest.isEmpty() ? readStdin() : rest.get(rest.size() - 1).getBytes(StandardCharsets.UTF_8);
            Optional<String> api = ServeLock.apiUrl(context.home());
            Optional<AdminToken> token = AdminToken.load(context.home());
            if (api.isEmpty() || token.isEmpty()) {
                return 0;
            }
            try (LocalApiClient client = new LocalApiClient()) {
                HookReply reply = client.hook(api.get(), token.get(), kind.wire(), event, input);
                if (!reply.output().isEmpty()) {
                    context.out().println(reply.output());
                    context.out().flush();
                    if (!context.out().checkError() && reply.ackId() != null) {
                        client.ackHook(api.get(), token.get(), reply.ackId());
                    }
                }
            }
        } catch (SwarmException | IOException e) {
            context.err().println("swarm hook: " + PeerText.escapeLine(e.getMessage()));
        }
        runNext();
        return 0;
    }

    /** The notify program the user had before {@code swarm agent setup codex}, with the same argument. */
    private void runNext() {
        if (rest.size() < 2) {
            return;
        }
        try {
            new ProcessBuilder(rest).inheritIO().start();
        } catch (IOException e) {
            context.err().println("swarm hook: cannot run " + rest.get(0) + ": " + e.getMessage());
        }
    }

    private byte[] readStdin() throws IOException {
        return context.in().readNBytes(HookInput.MAX_BYTES);
    }
}
