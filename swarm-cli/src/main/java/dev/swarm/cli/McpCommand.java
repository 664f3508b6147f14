package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.client.LocalApiClient;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.mcp.SwarmMcpServer;
import dev.swarm.node.mcp.SwarmTools;
import dev.swarm.node.mcp.ToolContext;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swarm mcp}: this node's tools for a coding agent, over stdio. Stdout carries the protocol and
 * nothing else; everything else goes to stderr, including anything a library would print to
 * {@code System.out} while the server runs. {@code --json} only changes how a failure to start is
 * reported (one JSON error document on stdout, as for every command).
 */
@Command(name = "mcp", description = {"Serve this node's tools to a coding agent over stdio (Model Context Protocol).",
        "Register it with the agent, e.g.: claude mcp add swarm -- swarm mcp"})
final class McpCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--json", description = "Report a failure to start as one JSON error document on stdout"
            + " (while serving, stdout is the MCP stream, JSON-RPC either way).")
    boolean json;

    @Mixin
    SwarmOption swarm;

    @Mixin
    ClientOptions client;

    @Mixin
    WaitOption sendWait;

    @Mixin
    GitHubOptions github;

    @Option(names = "--mcp-max-wait", paramLabel = "SECONDS",
            description = "The longest swarm_request may wait for a reply (default 3600).")
    long maxWait;

    McpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (maxWait < 1) {
            throw SwarmException.invalidArgument("--mcp-max-wait must be at least 1 second");
        }
        Duration wait = sendWait.duration();
        SwarmNode node = context.node(client.nodeOptions().withGitHub(github.config()));
        PrintStream protocol = context.out();
        PrintStream previous = System.out;
        System.setOut(context.err());
        try (LocalApiClient localApi = new LocalApiClient()) {
            ToolContext tools = new ToolContext(node, Duration.ofSeconds(maxWait), wait, localApi, swarm.swarm);
            if (tools.daemon().isEmpty()) {
                context.err().println("swarm mcp: warning: " + ToolContext.NOT_SERVING_WARNING);
            }
            new SwarmMcpServer(SwarmTools.all(tools), SwarmTools.instructions(tools)).run(context.in(), protocol);
        } finally {
            System.setOut(previous);
        }
        return 0;
    }
}
