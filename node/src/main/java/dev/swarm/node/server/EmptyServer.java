package dev.swarm.node.server;

import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The physical anchor of the ingest benchmark: the node's own connector (TLS, ALPN, HTTP/2, the same
 * stream limit) and Javalin, with one {@code POST /swarm/message} route that reads the body as the
 * real route does and answers a constant 200 (and a constant {@code GET /swarm/health}, for
 * {@link ServerWarmup}). What the real route achieves as a share of this is
 * what verifying and storing cost on top of HTTP.
 */
public final class EmptyServer implements AutoCloseable {
    private static final byte[] ANSWER = "{\"status\":\"queued\",\"message_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HEALTHY = "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);

    private final Javalin app;
    private final ScheduledExecutorService deadlines = NodeServer.bodyDeadlines();

    public EmptyServer(ServerConfig config) {
        long maxBody = config.limits().maxBodyBytes();
        Admission admission = NodeServer.admission(config, address -> false, deadlines);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = maxBody;
            cfg.http.responseBufferSize = NodeServer.RESPONSE_COPY_BUFFER;
            cfg.jetty.addConnector((server, base) -> NodeServer.connector(server, base, config));
            cfg.routes.get(Routes.PREFIX + "/health", ctx -> ctx.status(200).contentType("application/json")
                    .result(HEALTHY));
            // the same way in as the node's (admission, a non-blocking body read), then a constant answer
            cfg.routes.post(Routes.PREFIX + "/message", ctx -> admission.handle(ctx,
                    body -> CompletableFuture.completedFuture(ANSWER),
                    (c, answer) -> c.status(200).contentType("application/json").result(answer)));
        });
    }

    public EmptyServer start() {
        app.start();
        return this;
    }

    /** The port bound (useful when configured as 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        deadlines.shutdownNow();
    }
}
