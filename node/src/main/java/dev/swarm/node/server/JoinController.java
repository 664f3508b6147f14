package dev.swarm.node.server;

import dev.swarm.node.membership.JoinHandler;
import dev.swarm.node.protocol.Json;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;

/** {@code POST /swarm/join}: 200 with the members, or 202 while the master's approval is pending. */
final class JoinController {
    private final JoinHandler handler;
    private final Admission admission;

    JoinController(JoinHandler handler, Admission admission) {
        this.handler = handler;
        this.admission = admission;
    }

    void join(Context ctx) {
        admission.handle(ctx, body -> CompletableFuture.completedFuture(handler.handle(body)), (c, result) ->
                c.status(result.status()).contentType("application/json").result(Json.toBytes(result.response())));
    }
}
