package dev.swarm.node.server;

import dev.swarm.node.identity.Identity;
import dev.swarm.node.protocol.HealthResponse;
import dev.swarm.node.protocol.InfoResponse;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/** {@code GET /swarm/info} and {@code GET /swarm/health}. */
final class InfoController {
    private final byte[] info;
    private final String agentId;
    private final Clock clock;

    InfoController(Identity identity, List<String> capabilities, Clock clock) {
        this.info = Json.toBytes(new InfoResponse(identity.agentId(), identity.endpoint(), identity.publicKeyBase64(),
                ProtocolVersion.CURRENT, List.copyOf(capabilities), null));
        this.agentId = identity.agentId();
        this.clock = clock;
    }

    void info(Context ctx) {
        ctx.contentType("application/json").result(info);
    }

    void health(Context ctx) {
        ctx.contentType("application/json").result(Json.toBytes(new HealthResponse("healthy", agentId,
                ProtocolVersion.CURRENT, Timestamps.format(clock.instant()))));
    }
}
