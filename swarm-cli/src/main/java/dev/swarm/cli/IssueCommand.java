package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "issue", description = "Coordinate work on GitHub issues: claim, done, block, unblock, release, board.",
        subcommands = {IssueClaimCommand.class, IssueDoneCommand.class, IssueBlockCommand.class,
                IssueUnblockCommand.class, IssueReleaseCommand.class, IssueBoardCommand.class})
final class IssueCommand implements Callable<Integer> {
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        throw SwarmException.invalidArgument("name one: swarm issue claim|done|block|unblock|release|board");
    }
}
