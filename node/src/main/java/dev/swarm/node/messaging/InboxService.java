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

    /** Marks one message read by its id (the local API); returns it as it is now. */
    public MessageView markRead(String messageId) {
        String before = database.read(store -> store.inbox().findByMessageId(messageId).map(InboxMessage::status)
                .orElseThrow(() -> new SwarmException(ErrorCode.NOT_FOUND, "no message " + messageId + " in the inbox")));
        MessageView now = move(messageId, InboxStatus.READ);
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

    /** One message by id, as it is now. */
    public MessageView view(String messageId) {
        return database.read(store -> views(store, List.of(store.inbox().findByMessageId(messageId).orElseThrow(() ->
                new SwarmException(ErrorCode.NOT_FOUND, "no message " + messageId + " in the inbox"))))).get(0);
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

    /** Moves one message (by message id) to {@code to}; refuses a move its current status does not allow. */
    public MessageView move(String messageId, InboxStatus to) {
        String at = Timestamps.format(clock.instant());
        return database.write(store -> {
            InboxMessage message = store.inbox().findByMessageId(messageId).orElseThrow(() ->
                    new SwarmException(ErrorCode.NOT_FOUND, "no message " + messageId + " in the inbox"));
            if (message.status().equals(to.wire())) {
                return views(store, List.of(message)).get(0);
            }
            if (store.inbox().transition(List.of(message.id()), to, at) == 0) {
                throw SwarmException.invalidArgument("message " + messageId + " is " + message.status()
                        + " and cannot become " + to.wire());
            }
            return views(store, List.of(store.inbox().findByMessageId(messageId).orElseThrow())).get(0);
        });
    }

    private static List<MessageView> views(Store store, List<InboxMessage> messages) {
        MessageView.Mutes mutes = MessageView.Mutes.of(store.mutes().all());
        MessageView.Senders senders = MessageView.Senders.of(store, messages);
        return messages.stream().map(m -> MessageView.of(m, mutes, senders)).toList();
    }
}
