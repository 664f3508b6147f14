package dev.swarm.node.server;

import dev.swarm.node.messaging.MessageReceiver;
import dev.swarm.node.protocol.Json;
import io.javalin.http.Context;

/** {@code POST /swarm/message}: answered 200 only after the message is committed to the inbox. */
final class MessageController {
    private final MessageReceiver receiver;
    private final Admission admission;

    MessageController(MessageReceiver receiver, Admission admission) {
        this.receiver = receiver;
        this.admission = admission;
    }

    void receive(Context ctx) {
        // receive() verifies before it returns; the future is the inbox writer's commit
        admission.handle(ctx, receiver::receive, (c, accepted) ->
                c.status(200).contentType("application/json").result(Json.toBytes(accepted)));
    }
}
