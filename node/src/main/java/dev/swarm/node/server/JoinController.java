package dev.swarm.node.server;

import dev.swarm.node.membership.JoinHandler;
import dev.swarm.node.protocol.Json;
import io.javalin.http.Context;

/** {@code POST /swarm/join}: 200 with the members, or 202 while the master's approval is pending. */
final class JoinController {
    private final JoinHandler handler;
    private final long maxBodyBytes;

    JoinController(JoinHandler handler, long maxBodyBytes) {
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
    }

    void join(Context ctx) {
        JoinHandler.Result result = handler.handle(BodyReader.read(ctx, maxBodyBytes));
        ctx.status(result.status()).contentType("application/json").result(Json.toBytes(result.response()));
    }
}
