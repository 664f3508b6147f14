package dev.swarm.node.observe;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.server.LocalRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics} on the local API, for a Prometheus on this host: the text format, behind the
 * same bearer token as {@code /api} (Prometheus sends it from {@code credentials_file}).
 */
public final class MetricsRoutes implements LocalRoutes {
    private final NodeMetrics metrics;
    private final AdminToken token;

    public MetricsRoutes(NodeMetrics metrics, AdminToken token) {
        this.metrics = metrics;
        this.token = token;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) throws IOException {
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
        if (!token.matches(presented)) {
            throw new SwarmException(ErrorCode.UNAUTHENTICATED, "/metrics needs 'Authorization: Bearer <token>' (the"
                    + " token is in admin.token)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.write(out);
        ctx.contentType(metrics.contentType()).header("Cache-Control", "no-store").result(out.toByteArray());
    }
}
