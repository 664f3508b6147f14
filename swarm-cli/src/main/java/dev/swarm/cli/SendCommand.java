package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.Receipts;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.messaging.SendResult;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Priority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "send", description = "Send a message to one member (--to) or to the whole swarm.")
final class SendCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Mixin
    ClientOptions client;

    @Mixin
    ReferenceOptions references;

    @Option(names = {"-t", "--to"}, paramLabel = "AGENT|role:NAME", description = "Recipient agent id, or role:NAME for"
            + " every member holding that role (default: broadcast).")
    String to;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "The message; read from stdin if absent.")
    String message;

    @Option(names = "--priority", paramLabel = "low|normal|high", defaultValue = "normal",
            description = "Message priority (default ${DEFAULT-VALUE}).")
    String priority;

    @Option(names = "--reply-to", paramLabel = "MESSAGE_ID", description = "The message this one answers (the reply"
            + " carries the chain's hop count, which receivers' loop guards check).")
    String replyTo;

    @Option(names = "--thread", paramLabel = "THREAD_ID", description = "Thread id (a UUID) to group messages.")
    String thread;

    @Option(names = "--receipt", description = "Ask the recipients' nodes to report when their agent was woken for it and read it.")
    boolean receipt;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "Wait up to this long for the recipients' answers (default ${DEFAULT-VALUE}); members that"
                    + " do not answer in time are reported pending. 0: with swarm serve, return once queued.")
    double waitSeconds;

    SendCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Priority level = Priority.fromWire(priority).orElseThrow(() ->
                SwarmException.invalidArgument("--priority must be low, normal or high"));
        String content = message != null ? message : readStdin();
        if (waitSeconds < 0) {
            throw SwarmException.invalidArgument("--wait must not be negative");
        }
        SendResult result = context.node(client.nodeOptions()).messages().send(new SendRequest(swarm.swarm, to,
                content, MessageType.MESSAGE, level, replyTo, thread, references.references(),
                receipt ? java.util.Map.of(Receipts.REQUESTED, true) : null),
                Duration.ofMillis(Math.round(waitSeconds * 1000)));
        Output.print(context, output.json, result, out -> {
            out.println(result.status() + ": message " + result.messageId() + " to "
                    + (result.toRole() == null ? Output.line(result.recipient()) : "role " + Output.line(result.toRole()))
                    + ("queued".equals(result.status()) ? " (pending deliveries are sent by swarm serve; see swarm outbox)" : ""));
            for (SendResult.Delivery d : result.deliveries()) {
                out.println("  " + Output.line(d.agentId()) + ": " + d.status() + (d.error() == null ? ""
                        : " (" + Output.line(d.error()) + ")"));
            }
        });
        return 0;
    }

    private String readStdin() throws IOException {
        if (context.interactive()) {
            throw SwarmException.invalidArgument("give the message with --message or pipe it on stdin");
        }
        return new String(context.in().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
