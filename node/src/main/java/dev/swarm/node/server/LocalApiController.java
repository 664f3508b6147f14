package dev.swarm.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.agent.AgentKind;
import dev.swarm.node.delivery.OutboxService;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.hook.HookReply;
import dev.swarm.node.hook.HookService;
import dev.swarm.node.messaging.InboxCounts;
import dev.swarm.node.messaging.InboxListing;
import dev.swarm.node.messaging.InboxService;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.ReplyWaiters;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.MessageKey;
import dev.swarm.node.wake.WakeService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local API's routes: wake the agent for a message (the Python implementation's body), read and
 * count the inbox, mark a message read, list the outbox, and wait for a reply without polling. Shapes
 * are those of the matching {@code --json} commands.
 */
public final class LocalApiController {
    static final int MAX_WAIT_SECONDS = 3600;

    private final InboxService inbox;
    private final OutboxService outbox;
    private final ReplyWaiters replies;
    private final WakeService wake;
    private final Database database;
    private final HookService hooks;

    /** {@code wake} is null when this node wakes nobody. */
    public LocalApiController(InboxService inbox, OutboxService outbox, ReplyWaiters replies, WakeService wake,
                              Database database, HookService hooks) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.replies = replies;
        this.wake = wake;
        this.database = database;
        this.hooks = hooks;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/wake", this::wake);
        routes.get("/api/inbox", this::inbox);
        routes.get("/api/inbox/count", this::count);
        routes.get("/api/inbox/wait", this::waitForReply);
        routes.post("/api/inbox/{id}/read", this::read);
        routes.get("/api/outbox", this::outbox);
        routes.post("/api/hooks/{agent}/{event}", this::hook);
        routes.post("/api/hook-acks/{id}", this::hookAck);
    }

    /**
     * An agent's hook: the body is what its client gave the hook. The answer is plain text for a shell
     * script to take apart without a JSON parser: the first line is the id to acknowledge once the rest
     * was printed ({@code -} when there is nothing to acknowledge), the rest is what to print.
     */
    private void hook(Context ctx) {
        HookReply reply = hooks.handle(AgentKind.parse(ctx.pathParam("agent")), ctx.pathParam("event"),
                ctx.bodyAsBytes());
        ctx.contentType("text/plain; charset=utf-8").result((reply.ackId() == null ? "-" : reply.ackId()) + "\n"
                + reply.output());
    }

    private void hookAck(Context ctx) {
        if (!hooks.ack(ctx.pathParam("id"))) {
            throw new SwarmException(ErrorCode.NOT_FOUND, "no hook answer waits for that acknowledgement (unknown,"
                    + " already acknowledged, or older than " + HookService.LEASE.toSeconds() + " s)");
        }
        json(ctx, Map.of("status", "acknowledged"));
    }

    private void wake(Context ctx) {
        JsonNode body;
        try {
            body = Json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw SwarmException.invalidFormat("$", "body is not valid JSON");
        }
        String messageId = text(body, "message_id");
        if (messageId == null || !Identifiers.isUuid(messageId)) {
            throw SwarmException.invalidFormat("message_id", "field 'message_id' must be a lowercase hyphenated UUID");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message_id", messageId);
        if (wake == null) {
            result.put("status", "ignored");
            result.put("reason", "this node wakes nobody (wake_method none)");
        } else {
            Optional<String> refused = wake.requested(messageId, text(body, "swarm_id"), text(body, "sender_id"),
                    text(body, "notification_level"));
            result.put("status", refused.isEmpty() ? "queued" : "ignored");
            refused.ifPresent(reason -> result.put("reason", reason));
        }
        json(ctx, result);
    }

    private void inbox(Context ctx) {
        String swarmId = ctx.queryParam("swarm");
        List<MessageView> messages = inbox.list(swarmId, InboxService.statuses(param(ctx, "status", "unread")),
                integer(ctx, "limit", 50), Boolean.parseBoolean(param(ctx, "mark_read", "false")));
        json(ctx, InboxListing.of(swarmId, messages));
    }

    private void count(Context ctx) {
        String swarmId = ctx.queryParam("swarm");
        json(ctx, InboxCounts.of(swarmId, inbox.counts(swarmId)));
    }

    private void read(Context ctx) {
        MessageView message = inbox.markRead(new InboxService.Pick(ctx.pathParam("id"), ctx.queryParam("swarm"),
                ctx.queryParam("from")));
        json(ctx, Map.of("status", message.status(), "message_id", message.messageId()));
    }

    private void outbox(Context ctx) {
        String statuses = param(ctx, "status", "");
        json(ctx, outbox.listing(ctx.queryParam("swarm"), statuses.isEmpty() ? List.of()
                : Arrays.asList(statuses.split(",")), integer(ctx, "limit", 50)));
    }

    /**
     * Long poll: answers as soon as a reply to {@code in_reply_to} is stored, or with a timeout result.
     * The id must be one this node sent; the reply must come in its swarm from the agent it went to.
     */
    private void waitForReply(Context ctx) {
        String inReplyTo = ctx.queryParam("in_reply_to");
        if (inReplyTo == null || !Identifiers.isUuid(inReplyTo)) {
            throw SwarmException.invalidFormat("in_reply_to", "query 'in_reply_to' must be a message id");
        }
        int timeout = integer(ctx, "timeout", 300);
        if (timeout < 0 || timeout > MAX_WAIT_SECONDS) {
            throw SwarmException.invalidArgument("timeout must be 0 to " + MAX_WAIT_SECONDS + " seconds");
        }
        ReplyWaiters.Question question = database.read(store -> store.sentMessages().find(inReplyTo))
                .map(ReplyWaiters.Question::of)
                .orElseThrow(() -> new SwarmException(ErrorCode.NOT_FOUND, "this node sent no message " + inReplyTo
                        + "; a reply is awaited only to a message this node sent"));
        CompletableFuture<MessageKey> reply = replies.await(question);
        database.read(store -> store.inbox().findReply(question.swarmId(), inReplyTo, question.answerer()))
                .ifPresent(found -> reply.complete(new MessageKey(found.swarmId(), found.senderId(),
                        found.messageId())));
        ctx.future(() -> reply.orTimeout(timeout, TimeUnit.SECONDS).handle((key, failure) -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("in_reply_to", inReplyTo);
            if (failure != null) {
                if (!(failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException)) {
                    ErrorResponses.render(failure, ctx);
                    return null;
                }
                result.put("status", "timeout");
            } else {
                result.put("status", "reply");
                result.put("message", inbox.view(new InboxService.Pick(key.messageId(), key.swarmId(),
                        key.senderId())));
            }
            json(ctx, result);
            return null;
        }));
    }

    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.toBytes(body));
    }

    private static String param(Context ctx, String name, String fallback) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int integer(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, "query '" + name + "' must be a whole number");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
