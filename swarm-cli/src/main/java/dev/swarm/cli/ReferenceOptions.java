package dev.swarm.cli;

import dev.swarm.node.github.References;
import dev.swarm.node.protocol.Reference;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** GitHub references on a message (PROTOCOL.md section 7); each option may be given several times. */
public final class ReferenceOptions {
    @Option(names = "--issue", paramLabel = "OWNER/REPO#N", description = "An issue the message is about.")
    List<String> issues = new ArrayList<>();

    @Option(names = "--pr", paramLabel = "OWNER/REPO#N", description = "A pull request the message is about.")
    List<String> prs = new ArrayList<>();

    @Option(names = "--commit", paramLabel = "OWNER/REPO@SHA", description = "A commit the message is about.")
    List<String> commits = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL", description = "A web page the message is about.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--repo", paramLabel = "OWNER/REPO", description = "A repository the message is about.")
    List<String> repos = new ArrayList<>();

    @Option(names = "--action", paramLabel = "ACTION",
            description = "What the message does to its issues/PRs: claimed, completed, blocked, unblocked, assigned,"
                    + " mention, review_requested.")
    String action;

    List<Reference> references() {
        return References.parse(issues, prs, commits, urls, repos, action);
    }
}
