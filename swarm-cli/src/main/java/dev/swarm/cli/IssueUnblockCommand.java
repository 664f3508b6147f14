package dev.swarm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unblock", description = "Say an issue you hold is no longer blocked.")
final class IssueUnblockCommand extends IssueActionCommand {
    @Option(names = "--note", paramLabel = "TEXT", description = "A word for the others.")
    String note;

    IssueUnblockCommand(CliContext context) {
        super(context);
    }

    @Override
    String event() {
        return "unblocked";
    }

    @Override
    String note() {
        return note;
    }
}
