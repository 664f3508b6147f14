package dev.swarm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "block", description = "Say an issue you hold is blocked, and why.")
final class IssueBlockCommand extends IssueActionCommand {
    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why it is blocked.")
    String note;

    IssueBlockCommand(CliContext context) {
        super(context);
    }

    @Override
    String event() {
        return "blocked";
    }

    @Override
    String note() {
        return note;
    }
}
