package dev.swarm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "done", description = "Mark an issue done (with --comment, also comment on GitHub).")
final class IssueDoneCommand extends IssueActionCommand {
    @Option(names = "--note", paramLabel = "TEXT", description = "What was done.")
    String note;

    @Option(names = "--comment", description = "Also post the note as a comment on the GitHub issue (needs a token).")
    boolean comment;

    @Override
    boolean comment() {
        return comment;
    }

    IssueDoneCommand(CliContext context) {
        super(context);
    }

    @Override
    String event() {
        return "completed";
    }

    @Override
    String note() {
        return note;
    }
}
