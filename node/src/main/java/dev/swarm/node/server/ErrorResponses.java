package dev.swarm.node.server;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.ErrorBody;
import dev.swarm.node.protocol.Json;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the protocol's error body with the matching status: our exceptions,
 * Javalin's own (unknown route, wrong method) and anything unexpected (500, logged, no detail leaked).
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /** Every failure of {@code routes} answered with the error body: exceptions, unknown routes, wrong methods. */
    static void register(RoutesConfig routes) {
        routes.exception(HttpResponseException.class, (e, ctx) -> render(e, ctx));
        routes.exception(Exception.class, (e, ctx) -> render(e, ctx));
        routes.error(404, "*", ctx -> renderUnlessRendered(404, ctx));
        routes.error(405, "*", ctx -> renderUnlessRendered(405, ctx));
    }

    /**
     * Starts {@code app}; a listener that cannot bind (port taken, address not here) becomes a
     * {@code CONFLICT} naming {@code what} ("127.0.0.1:9443", say) instead of Jetty's nested exception.
     */
    static void start(Javalin app, String what) {
        try {
            app.start();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof IOException) {
                throw new SwarmException(ErrorCode.CONFLICT, "cannot listen on " + what + ": " + root.getMessage(), null,
                        e);
            }
            throw e;
        }
    }

    public static SwarmException toSwarmException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof SwarmException swarm) {
            return swarm;
        }
        if (cause instanceof HttpResponseException http) {
            return fromStatus(http.getStatus(), http.getMessage());
        }
        LOG.error("unexpected failure while serving a request", cause);
        return new SwarmException(ErrorCode.INTERNAL_ERROR, "internal error");
    }

    public static SwarmException fromStatus(int status, String message) {
        return switch (status) {
            case 404 -> new SwarmException(ErrorCode.NOT_FOUND, "no such route; this node serves POST /swarm/message, POST /swarm/probe,"
                    + " POST /swarm/join, GET /swarm/info and GET /swarm/health");
            case 405 -> new SwarmException(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this route");
            case 413 -> new SwarmException(ErrorCode.PAYLOAD_TOO_LARGE, "request body is too large");
            case 429 -> new SwarmException(ErrorCode.RATE_LIMITED, "too many requests; retry in 1 s",
                    Map.of("retry_after", 1));
            case 503 -> new SwarmException(ErrorCode.OVERLOADED, "this node is busy; retry in 1 s",
                    Map.of("retry_after", 1));
            default -> status >= 400 && status < 500
                    ? new SwarmException(ErrorCode.INVALID_FORMAT, message == null || message.isBlank()
                            ? "bad request" : message, Map.of("http_status", status))
                    : new SwarmException(ErrorCode.INTERNAL_ERROR, "internal error");
        };
    }

    /** Set on a request whose error body was rendered, so the route-level 404/405 pages leave it alone. */
    static final String RENDERED = "swarm.error-rendered";

    public static void render(SwarmException e, Context ctx) {
        ctx.attribute(RENDERED, Boolean.TRUE);
        ctx.status(e.code().httpStatus());
        if ((e.code() == ErrorCode.RATE_LIMITED || e.code() == ErrorCode.OVERLOADED) && e.details() != null
                && e.details().get("retry_after") != null) {
            ctx.header("Retry-After", String.valueOf(e.details().get("retry_after")));
        }
        ctx.contentType("application/json").result(Json.toBytes(ErrorBody.of(e)));
    }

    public static void render(Throwable failure, Context ctx) {
        render(toSwarmException(failure), ctx);
    }

    /** For Javalin's status pages: answers "no such route" (or method) only when no handler rendered an error. */
    static void renderUnlessRendered(int status, Context ctx) {
        if (ctx.attribute(RENDERED) == null) {
            render(fromStatus(status, null), ctx);
        }
    }
}
