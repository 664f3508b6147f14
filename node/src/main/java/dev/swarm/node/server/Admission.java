package dev.swarm.node.server;

import dev.swarm.node.error.SwarmException;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http2.HTTP2Connection;

/**
 * The way into {@code /message} and {@code /join}, where nobody is authenticated yet: admit the
 * request ({@link Ingress}: or answer 429/503 before reading anything), read its body without holding
 * a thread ({@link BodyReader}), run the work that verifies it while holding the request's share,
 * release the share as soon as that work has decided (storing a verified message is not the
 * stranger's cost), count a refusal against the source address (closing its connection once it is
 * shut out), and render the outcome.
 */
final class Admission {
    private final Ingress ingress;
    private final BodyReader bodies;
    private final long maxBodyBytes;
    private final Duration bodyTimeout;
    private final TrafficCounter counter;

    Admission(Ingress ingress, BodyReader bodies, long maxBodyBytes, Duration bodyTimeout) {
        this(ingress, bodies, maxBodyBytes, bodyTimeout, TrafficCounter.NONE);
    }

    private Admission(Ingress ingress, BodyReader bodies, long maxBodyBytes, Duration bodyTimeout,
                      TrafficCounter counter) {
        this.ingress = ingress;
        this.bodies = bodies;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
        this.counter = counter;
    }

    /** The same admission (same limits, shared with every route) whose outcomes {@code counter} counts. */
    Admission counting(TrafficCounter newCounter) {
        return new Admission(ingress, bodies, maxBodyBytes, bodyTimeout, newCounter);
    }

    /**
     * {@code verify} gets the body and returns the outcome's future; it should decide (parse, check,
     * verify) before it returns, as the share is released then.
     */
    <T> void handle(Context ctx, Function<byte[], CompletableFuture<T>> verify, BiConsumer<Context, T> render) {
        String address = clientAddress(ctx);
        Ingress.Permit permit;
        try {
            permit = ingress.admit(address, forwarded(ctx) ? null : connectionId(ctx));
        } catch (SwarmException e) {
            counter.refused(e.code());
            closeIfShutOut(ctx, address);
            throw e;
        }
        ctx.future(() -> {
            CompletableFuture<T> outcome;
            try {
                outcome = bodies.read(ctx, maxBodyBytes, permit, bodyTimeout).thenCompose(body -> {
                    try {
                        return verify.apply(body);
                    } finally {
                        permit.close();
                    }
                });
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
            return outcome.handle((value, failure) -> {
                permit.close();
                if (failure != null) {
                    SwarmException error = ErrorResponses.toSwarmException(failure);
                    if (error.code().httpStatus() >= 400 && error.code().httpStatus() < 500) {
                        ingress.refused(address);
                    }
                    counter.refused(error.code());
                    ErrorResponses.render(error, ctx);
                } else {
                    counter.answered();
                    render.accept(ctx, value);
                }
                return null;
            });
        });
    }

    /**
     * Closes the connection once this refusal (429 with {@code Retry-After}) is sent when its address
     * is shut out ({@link Ingress#shutOut}): an HTTP/2 connection gets a GOAWAY (the streams it has
     * open are still answered, no new one is taken) and HTTP/1.1 {@code Connection: close}; new ones
     * are closed before their handshake ({@link ConnectionGate}) until the address's bucket refills.
     * A proxy's connection is never closed: it carries other clients.
     */
    private void closeIfShutOut(Context ctx, String address) {
        if (forwarded(ctx) || !ingress.shutOut(address)) {
            return;
        }
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request != null && request.getConnectionMetaData().getConnection() instanceof HTTP2Connection h2) {
            h2.getSession().shutdown();
        } else {
            ctx.header("Connection", "close");
        }
    }

    /**
     * The client's address: the connection's, or, when the connection comes from this host (a TLS
     * proxy such as bootstrap.sh's Caddy) and says whom it forwards, the last {@code X-Forwarded-For}
     * entry (the one that proxy added).
     */
    static String clientAddress(Context ctx) {
        String remote = ctx.req().getRemoteAddr();
        String forwardedFor = forwardedFor(ctx);
        return forwardedFor != null ? forwardedFor : remote;
    }

    private static boolean forwarded(Context ctx) {
        return forwardedFor(ctx) != null;
    }

    private static String forwardedFor(Context ctx) {
        String header = ctx.header("X-Forwarded-For");
        if (header == null || !isLoopback(ctx.req().getRemoteAddr())) {
            return null;
        }
        String last = header.substring(header.lastIndexOf(',') + 1).strip();
        return last.isEmpty() || last.length() > 64 || !last.matches("[0-9A-Fa-f:.]+") ? null : last;
    }

    private static boolean isLoopback(String address) {
        try {
            return address != null && address.matches("[0-9A-Fa-f:.\\[\\]]+")
                    && InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String connectionId(Context ctx) {
        return ctx.req().getServletConnection().getConnectionId();
    }
}
