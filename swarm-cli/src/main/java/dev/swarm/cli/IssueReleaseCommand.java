package dev.swarm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "release", description = "Give up your claim on an issue.")
final class IssueReleaseCommand extends IssueActionCommand {
    @Option(names = "--note", paramLabel = "TEXT", description = "A word for the others.")
    String note;

    IssueReleaseCommand(CliContext context) {
        super(context);
    }

    @Override
    String event() {
        return "released";
    }

    @Override
    String note() {
        return note;
    }
}
