package dev.swarm.node.messaging;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.InboxMessage;
import dev.swarm.node.state.InboxStatus;
import dev.swarm.node.state.Store;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading the inbox: listing (marking what was shown as read), counting, archiving, deleting. */
public final class InboxService {
    public static final int MAX_LIMIT = 100_000;

    private final Database database;
    private final Clock clock;
    private final Receipts receipts;

    /** {@code receipts} sends "read" receipts for messages whose senders asked; null sends none. */
    public InboxService(Database database, Clock clock, Receipts receipts) {
        this.database = database;
        this.clock = clock;
        this.receipts = receipts;
    }

    /** The statuses a {@code --status} word selects: one status, or {@code all} (everything but deleted). */
    public static Set<InboxStatus> statuses(String word) {
        if ("all".equals(word)) {
            return EnumSet.of(InboxStatus.UNREAD, InboxStatus.READ, InboxStatus.ARCHIVED);
        }
        return InboxStatus.fromWire(word).map(EnumSet::of).orElseThrow(() -> SwarmException.invalidArgument(
                "--status must be one of unread, read, archived, deleted, all"));
    }

    /**
     * Lists messages of one swarm (or all when null) and, when {@code markRead}, marks the unread ones
     * shown as read in the same transaction. The views show each message's status before marking.
     */
    public List<MessageView> list(String swarmId, Set<InboxStatus> statuses, int limit, boolean markRead) {
        return list(swarmId, statuses, limit, markRead, null, null);
    }

    /** As {@link #list(String, Set, int, boolean)}, only messages naming {@code repo#number} when given. */
    public List<MessageView> list(String swarmId, Set<InboxStatus> statuses, int limit, boolean markRead, String repo,
                                  Long number) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw SwarmException.invalidArgument("--limit must be between 1 and " + MAX_LIMIT);
        }
        String at = Timestamps.format(clock.instant());
        if (!markRead) {
            return database.read(store -> views(store, store.inbox().list(swarmId, statuses, limit, repo, number)));
        }
        List<MessageView> shown = database.write(store -> {
            List<InboxMessage> found = store.inbox().list(swarmId, statuses, limit, repo, number);
            store.inbox().transition(found.stream().filter(m -> "unread".equals(m.status()))
                    .map(InboxMessage::id).toList(), InboxStatus.READ, at);
            return views(store, found);
        });
        sendReadReceipts(shown.stream().filter(m -> "unread".equals(m.status())).toList());
        return shown;
    }

    /**
     * Names one received message: its id, narrowed by swarm and sender when given (null: any). A
     * message id is unique only within a swarm and a sender, so an id that several senders used must
     * be narrowed; {@link #one} refuses it otherwise instead of picking one.
     */
    public record Pick(String messageId, String swarmId, String senderId) {
        public static Pick of(String messageId) {
            return new Pick(messageId, null, null);
        }
    }

    /** Marks one message read (the local API, MCP); returns it as it is now. */
    public MessageView markRead(Pick pick) {
        String before = database.read(store -> one(store, pick).status());
        MessageView now = move(pick, InboxStatus.READ);
        if ("unread".equals(before)) {
            sendReadReceipts(List.of(now));
        }
        return now;
    }

    /**
     * Marks inbox rows (by row id) read, as a listing that showed them would, and sends the read
     * receipts their senders asked for; returns the rows that were unread before.
     */
    public List<MessageView> markReadRows(List<Long> rowIds) {
        if (rowIds.isEmpty()) {
            return List.of();
        }
        String at = Timestamps.format(clock.instant());
        List<MessageView> justRead = database.write(store -> {
            List<InboxMessage> unread = store.inbox().byIds(rowIds).stream()
                    .filter(m -> "unread".equals(m.status())).toList();
            store.inbox().transition(unread.stream().map(InboxMessage::id).toList(), InboxStatus.READ, at);
            return views(store, unread);
        });
        sendReadReceipts(justRead);
        return justRead;
    }

    /** One message, as it is now. */
    public MessageView view(Pick pick) {
        return database.read(store -> views(store, List.of(one(store, pick)))).get(0);
    }

    /** The stored message {@code pick} names; NOT_FOUND without one, INVALID_ARGUMENT when it names several. */
    public static InboxMessage one(Store store, Pick pick) {
        List<InboxMessage> found = store.inbox().findByMessageId(pick.messageId(), pick.swarmId(), pick.senderId());
        if (found.isEmpty()) {
            throw new SwarmException(ErrorCode.NOT_FOUND, "no message " + pick.messageId() + " in the inbox"
                    + (pick.senderId() == null ? "" : " from " + pick.senderId())
                    + (pick.swarmId() == null ? "" : " in swarm " + pick.swarmId()));
        }
        if (found.size() > 1) {
            List<Map<String, String>> matches = found.stream().map(m -> Map.of("swarm_id", m.swarmId(),
                    "sender_id", m.senderId())).toList();
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, "message id " + pick.messageId() + " was used by "
                    + found.size() + " messages (" + String.join(", ", found.stream().map(m -> m.senderId() + " in "
                    + m.swarmId()).toList()) + "); name the sender (and the swarm) to choose one",
                    Map.of("message_id", pick.messageId(), "matches", matches));
        }
        return found.get(0);
    }

    private void sendReadReceipts(List<MessageView> justRead) {
        if (receipts == null) {
            return;
        }
        receipts.send(justRead.stream()
                .filter(m -> m.metadata() != null && m.metadata().path(Receipts.REQUESTED).asBoolean(false))
                .map(m -> new Receipts.Target(m.messageId(), m.swarmId(), m.sender().agentId())).toList(),
                Receipts.READ);
    }

    public Map<InboxStatus, Integer> counts(String swarmId) {
        return database.read(store -> store.inbox().counts(swarmId));
    }

    /** Moves one message to {@code to}; refuses a move its current status does not allow. */
    public MessageView move(Pick pick, InboxStatus to) {
        String at = Timestamps.format(clock.instant());
        return database.write(store -> {
            InboxMessage message = one(store, pick);
            if (message.status().equals(to.wire())) {
                return views(store, List.of(message)).get(0);
            }
            if (store.inbox().transition(List.of(message.id()), to, at) == 0) {
                throw SwarmException.invalidArgument("message " + pick.messageId() + " is " + message.status()
                        + " and cannot become " + to.wire());
            }
            return views(store, store.inbox().byIds(List.of(message.id()))).get(0);
        });
    }

    private static List<MessageView> views(Store store, List<InboxMessage> messages) {
        MessageView.Mutes mutes = MessageView.Mutes.of(store.mutes().all());
        MessageView.Senders senders = MessageView.Senders.of(store, messages);
        return messages.stream().map(m -> MessageView.of(m, mutes, senders)).toList();
    }
}
