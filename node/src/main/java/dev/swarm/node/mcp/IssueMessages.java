package dev.swarm.node.mcp;

import dev.swarm.node.github.IssueKey;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.InboxService;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.state.InboxStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages a board entry lists, as the agent sees them: a peer's as a {@link PeerMessage} (its
 * words in {@code peer_content}), this agent's own as a {@link YourMessage}. Nothing is marked read.
 */
final class IssueMessages {
    private static final EndpointPolicy STORED = new EndpointPolicy(true);

    /** A message this agent sent; {@code your_content} is its own text. */
    record YourMessage(String messageId, boolean sentByYou, String recipient, String timestamp, String yourContent) {
    }

    private final ToolContext context;
    private final String swarmId;
    private Map<String, YourMessage> sent;

    IssueMessages(ToolContext context, String swarmId) {
        this.context = context;
        this.swarmId = swarmId;
    }

    /** The messages among {@code ids} (in that order) that this node still has. */
    List<Object> of(IssueKey issue, List<String> ids) {
        // an id is unique per sender: every sender's message with it is shown, each under its sender
        Map<String, List<Object>> received = new HashMap<>();
        context.peerMessages(context.node().inbox().list(swarmId, EnumSet.allOf(InboxStatus.class),
                InboxService.MAX_LIMIT, false, issue.repo(), issue.number()))
                .forEach(m -> received.computeIfAbsent(m.messageId(), id -> new ArrayList<>()).add(m));
        List<Object> messages = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(ids)) {
            messages.addAll(received.getOrDefault(id, List.of()));
            if (sent().containsKey(id)) {
                messages.add(sent().get(id));
            }
        }
        return messages;
    }

    private Map<String, YourMessage> sent() {
        if (sent == null) {
            sent = new HashMap<>();
            for (String json : context.node().database().read(store -> store.sentMessages().withReferences(swarmId))) {
                Envelope e = EnvelopeCodec.parse(json.getBytes(StandardCharsets.UTF_8), STORED).envelope();
                sent.put(e.messageId(), new YourMessage(e.messageId(), true, e.recipient(), Envelopes.sentAt(e),
                        e.content()));
            }
        }
        return sent;
    }
}
