package dev.swarm.cli;

import dev.swarm.node.github.IssueKey;
import dev.swarm.node.github.IssueService;
import dev.swarm.node.messaging.SendResult;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What the claim commands share: the issue, a note, the swarm, delivery options and output. */
abstract class IssueActionCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Mixin
    ClientOptions client;

    @Mixin
    GitHubOptions github;

    @Parameters(index = "0", paramLabel = "OWNER/REPO#N", description = "The issue.")
    String issue;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "When swarm serve delivers, wait up to this long for the outcome (default ${DEFAULT-VALUE}).")
    double waitSeconds;

    IssueActionCommand(CliContext context) {
        this.context = context;
    }

    /** claimed, completed, blocked, unblocked or released. */
    abstract String event();

    abstract String note();

    boolean force() {
        return false;
    }

    boolean comment() {
        return false;
    }

    @Override
    public Integer call() {
        IssueKey key = IssueKey.parse(issue, "the issue");
        IssueService.Outcome outcome = context.node(client.nodeOptions().withGitHub(github.config())).issues()
                .act(swarm.swarm, event(), key, note(), force(), comment(),
                        Duration.ofMillis(Math.round(Math.max(0, waitSeconds) * 1000)));
        Output.print(context, output.json, outcome, out -> {
            SendResult sent = outcome.message();
            out.println(event() + " " + key + ": message " + sent.messageId() + " " + sent.status());
            if (outcome.comment() != null) {
                out.println("Commented on GitHub: " + outcome.comment());
            }
            if (outcome.commentError() != null) {
                out.println("The GitHub comment failed (the swarm message stands): "
                        + Output.line(outcome.commentError()));
            }
        });
        return 0;
    }
}
