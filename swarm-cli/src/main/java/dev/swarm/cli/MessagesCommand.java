package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.github.IssueKey;
import dev.swarm.node.messaging.InboxCounts;
import dev.swarm.node.messaging.InboxListing;
import dev.swarm.node.messaging.InboxService;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.PeerText;
import dev.swarm.node.state.InboxStatus;
import dev.swarm.node.state.Swarm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "messages", description = "Read the inbox (marks what it shows as read), count it, archive or delete.")
final class MessagesCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Mixin
    SwarmOption swarm;

    @Option(names = "--status", paramLabel = "STATUS", defaultValue = "unread",
            description = "unread (default), read, archived, deleted or all.")
    String status;

    @Option(names = {"-l", "--limit"}, paramLabel = "N", defaultValue = "10",
            description = "At most this many messages (default ${DEFAULT-VALUE}, up to 100000).")
    int limit;

    @Option(names = "--no-mark-read", description = "Leave unread messages unread.")
    boolean noMarkRead;

    @Option(names = "--issue", paramLabel = "OWNER/REPO#N", description = "Only messages that name this issue or PR.")
    String issue;

    @Option(names = "--count", description = "Only count messages per status.")
    boolean count;

    @Option(names = "--archive", paramLabel = "MESSAGE_ID", description = "Archive one message.")
    String archive;

    @Option(names = "--delete", paramLabel = "MESSAGE_ID", description = "Delete one message (it stays recognised).")
    String delete;

    @Option(names = "--from", paramLabel = "AGENT", description = "With --archive or --delete: the sender, when"
            + " several senders used the same message id.")
    String from;

    MessagesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SwarmNode node = context.node(NodeOptions.DEFAULTS);
        InboxService inbox = node.inbox();
        if (archive != null || delete != null) {
            String id = archive != null ? archive : delete;
            // a message id is unique per swarm and sender; --swarm and --from narrow an id several used
            String inSwarm = swarm.swarm == null ? null : node.resolver().resolve(swarm.swarm).swarmId();
            MessageView moved = inbox.move(new InboxService.Pick(id, inSwarm, from),
                    archive != null ? InboxStatus.ARCHIVED : InboxStatus.DELETED);
            Map<String, Object> result = Map.of("status", moved.status(), "message_id", moved.messageId());
            Output.print(context, output.json, result, out -> out.println(moved.status() + ": " + moved.messageId()));
            return 0;
        }
        String swarmId = node.resolver().resolveOrAll(swarm.swarm).map(Swarm::swarmId).orElse(null);
        if (count) {
            InboxCounts counts = InboxCounts.of(swarmId, inbox.counts(swarmId));
            Output.print(context, output.json, counts, out -> out.println(counts.unread() + " unread, " + counts.read()
                    + " read, " + counts.archived() + " archived, " + counts.deleted() + " deleted"));
            return 0;
        }
        IssueKey only = issue == null ? null : IssueKey.parse(issue, "--issue");
        List<MessageView> messages = inbox.list(swarmId, InboxService.statuses(status), limit, !noMarkRead,
                only == null ? null : only.repo(), only == null ? null : only.number());
        InboxListing result = InboxListing.of(swarmId, messages);
        Output.print(context, output.json, result, out -> {
            if (messages.isEmpty()) {
                out.println("No " + status + " messages");
            }
            for (MessageView m : messages) {
                out.println("[" + m.timestamp() + "] " + Output.line(m.sender().agentId())
                        + (m.recipient().equals("broadcast") ? "" : " -> " + Output.line(m.recipient())) + " ("
                        + m.type() + ", " + m.status() + ", " + m.messageId() + ")" + (m.muted() ? " [muted]" : ""));
                // every line of the text indented, so no line of it can pass for a header
                out.println("  " + PeerText.escape(m.content()).replace("\n", "\n  "));
            }
        });
        return 0;
    }
}
