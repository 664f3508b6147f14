package dev.swarm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "claim", description = "Claim an issue (refused while someone else holds it, unless --force).")
final class IssueClaimCommand extends IssueActionCommand {
    @Option(names = "--note", paramLabel = "TEXT", description = "What you are going to do.")
    String note;

    @Option(names = "--force", description = "Claim even though someone else holds it (the earlier claim still wins).")
    boolean force;

    @Override
    boolean force() {
        return force;
    }

    IssueClaimCommand(CliContext context) {
        super(context);
    }

    @Override
    String event() {
        return "claimed";
    }

    @Override
    String note() {
        return note;
    }
}
