package dev.swarm.node.server;

import dev.swarm.node.messaging.MessageReceiver;
import dev.swarm.node.protocol.Json;
import io.javalin.http.Context;

/** {@code POST /swarm/message}: answered 200 only after the message is committed to the inbox. */
final class MessageController {
    private final MessageReceiver receiver;
    private final long maxBodyBytes;

    MessageController(MessageReceiver receiver, long maxBodyBytes) {
        this.receiver = receiver;
        this.maxBodyBytes = maxBodyBytes;
    }

    void receive(Context ctx) {
        byte[] body = BodyReader.read(ctx, maxBodyBytes);
        ctx.future(() -> receiver.receive(body).handle((accepted, failure) -> {
            if (failure != null) {
                ErrorResponses.render(failure, ctx);
            } else {
                ctx.status(200).contentType("application/json").result(Json.toBytes(accepted));
            }
            return null;
        }));
    }
}
