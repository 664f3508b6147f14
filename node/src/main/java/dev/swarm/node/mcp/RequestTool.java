package dev.swarm.node.mcp;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.messaging.InboxService;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.messaging.SendResult;
import dev.swarm.node.state.MessageKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code swarm_request}: send, then wait for the first message that answers it ({@code in_reply_to}).
 * The wait is the daemon's long poll, which completes the moment the reply is stored, re-armed every
 * {@link #STRETCH} so a progress notification can tell the client the call is alive. Only a running
 * {@code swarm serve} receives messages, so without one the request is refused before anything is
 * sent.
 */
final class RequestTool implements Tool {
    static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private static final Duration STRETCH = Duration.ofSeconds(15);

    private final ToolContext context;
    private final Duration stretch;
    private final InputSchema schema;
    private final int maxSeconds;

    RequestTool(ToolContext context) {
        this(context, STRETCH);
    }

    /** {@code stretch}: how long one long poll waits before the next progress notification. */
    RequestTool(ToolContext context, Duration stretch) {
        this.context = context;
        this.stretch = stretch;
        this.maxSeconds = (int) Math.min(Integer.MAX_VALUE, context.maxWait().toSeconds());
        this.schema = MessageArguments.schema().integer("timeout_seconds", "How long to wait for the reply, in"
                + " seconds (at most " + maxSeconds + ", the node's mcp_max_wait). When it passes, the question stays"
                + " open and a later reply lands in swarm_inbox.", Math.min(DEFAULT_TIMEOUT_SECONDS, maxSeconds), 1,
                maxSeconds);
    }

    /** The outcome: the reply, or a timeout that says the question is still open. */
    record Outcome(String status, String messageId, String swarmId, String recipient,
                   List<SendResult.Delivery> deliveries, long waitedSeconds, String notice, PeerMessage reply,
                   Boolean stillOpen, String howToCheck) {
    }

    @Override
    public String name() {
        return "swarm_request";
    }

    @Override
    public String description() {
        return "Ask another agent something and wait for its answer: sends the message like swarm_send, then blocks"
                + " until a message replying to it (in_reply_to = this message's id) arrives, or timeout_seconds"
                + " (default " + Math.min(DEFAULT_TIMEOUT_SECONDS, maxSeconds) + ") pass. Returns status \"reply\""
                + " with the reply, or status \"timeout\": the question is then still open and a later reply appears"
                + " in swarm_inbox; do not send the question again. Needs 'swarm serve' running for this identity"
                + " (otherwise no reply can arrive and nothing is sent). To a broadcast, the first reply counts.";
    }

    @Override
    public InputSchema inputSchema() {
        return schema;
    }

    @Override
    public Object call(Arguments arguments, Progress progress) {
        SendRequest request = MessageArguments.parse(arguments, context.swarm(arguments));
        int timeoutSeconds = arguments.integer("timeout_seconds", Math.min(DEFAULT_TIMEOUT_SECONDS, maxSeconds), 1,
                maxSeconds);
        String apiUrl = ServeLock.apiUrl(context.node().home()).orElseThrow(() -> new SwarmException(
                ErrorCode.NOT_SERVING, context.daemon().isEmpty() ? "nothing was sent: " + ToolContext.NOT_SERVING_WARNING
                        + " Use swarm_send if you do not need to wait for the answer."
                        : "nothing was sent: swarm serve is starting and its local API is not up yet; try again"));
        AdminToken token = AdminToken.load(context.node().home()).orElseThrow(() -> new SwarmException(
                ErrorCode.NOT_SERVING, "nothing was sent: " + context.node().home().adminToken()
                + " is missing, so the local API of swarm serve cannot be asked for the reply"));
        SendResult sent = context.node().messages().send(request, context.sendWait());
        long started = System.nanoTime();
        Optional<MessageKey> replyId = awaitReply(sent, apiUrl, token, Duration.ofSeconds(timeoutSeconds), started,
                progress);
        long waited = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        if (replyId.isEmpty()) {
            return new Outcome("timeout", sent.messageId(), sent.swarmId(), sent.recipient(), sent.deliveries(), waited,
                    null, null, true, "No reply within " + timeoutSeconds + " s. The question (message_id "
                    + sent.messageId() + ") is still open: a reply that comes later is stored in your inbox with"
                    + " in_reply_to " + sent.messageId() + "; look with swarm_inbox. Its delivery shows in 'swarm"
                    + " outbox' and 'swarm sent'.");
        }
        MessageView reply = context.node().inbox().markRead(new InboxService.Pick(replyId.get().messageId(),
                replyId.get().swarmId(), replyId.get().senderId()));
        return new Outcome("reply", sent.messageId(), sent.swarmId(), sent.recipient(), sent.deliveries(), waited,
                PeerMessage.NOTICE, context.peerMessages(List.of(reply)).get(0), null, null);
    }

    private Optional<MessageKey> awaitReply(SendResult sent, String apiUrl, AdminToken token, Duration timeout,
                                        long started, Progress progress) {
        try {
            while (true) {
                Duration left = timeout.minusNanos(System.nanoTime() - started);
                if (left.isNegative() || left.isZero()) {
                    return Optional.empty();
                }
                Duration poll = left.compareTo(stretch) < 0 ? Duration.ofSeconds(Math.max(1, (left.toMillis() + 999)
                        / 1000)) : stretch;
                Optional<MessageKey> reply = context.localApi().awaitReply(apiUrl, token, sent.messageId(), poll);
                if (reply.isPresent()) {
                    return reply;
                }
                progress.report("waiting for a reply to " + sent.messageId() + ": "
                        + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " of " + timeout.toSeconds() + " s");
            }
        } catch (SwarmException e) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("message_id", sent.messageId());
            details.put("swarm_id", sent.swarmId());
            details.put("recipient", sent.recipient());
            throw new SwarmException(e.code(), "the question was sent (message_id " + sent.messageId() + ") but"
                    + " waiting for its reply failed: " + e.getMessage() + ". A reply that comes later is stored in"
                    + " your inbox once swarm serve runs; look with swarm_inbox.", details, e);
        }
    }
}
