package dev.swarm.node.server;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import io.javalin.http.Context;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a request body without holding a thread while its bytes arrive (servlet non-blocking I/O:
 * a body trickled one byte every few seconds costs memory, bounded by the limits, but no worker),
 * never more than the size limit (an oversized body is refused, not buffered, with or without
 * {@code Content-Length}) and never longer than the deadline ({@code BODY_TIMEOUT}). The bytes held
 * are counted against the request's {@link Ingress.Permit}. A stranger's body is checked against the
 * JSON limits as it arrives ({@link JsonLimitsCheck}), so a body that breaks them is refused without
 * reading the rest. Must be called inside {@code ctx.future}, where the request is asynchronous.
 */
final class BodyReader {
    /**
     * What a body is read into before it is appended: one per server thread, not one per request, so a
     * request whose bytes have not arrived holds none of it (the listener's calls are on server threads,
     * and the bytes are consumed before each call returns).
     */
    private static final ThreadLocal<byte[]> CHUNK = ThreadLocal.withInitial(() -> new byte[16 * 1024]);
    /**
     * The most a body's buffer starts with before its bytes arrive. A message is a few KiB and gets
     * an exact buffer at once; a larger declared length grows the buffer as its bytes come, so a
     * stream that declares 100 KB and sends one byte holds a few KiB, not the declared size.
     */
    static final int INITIAL_BUFFER = 8 * 1024;

    private final ScheduledExecutorService timer;

    BodyReader(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** The declared length, refused at once when it is over the limit; -1 when there is none. */
    static long declaredLength(Context ctx, long limit) {
        String declared = ctx.header("Content-Length");
        if (declared == null) {
            return -1;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "Content-Length is not a number");
        }
        if (length > limit) {
            throw tooLarge(limit);
        }
        return length;
    }

    CompletableFuture<byte[]> read(Context ctx, long limit, Ingress.Permit permit, Duration deadline) {
        long declared = declaredLength(ctx, limit);
        if (declared >= 0) {
            permit.reserve(declared);
        }
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        ScheduledFuture<?> timeout = timer.schedule(() -> body.completeExceptionally(new SwarmException(
                ErrorCode.BODY_TIMEOUT, "the request body did not arrive within " + deadline.toSeconds() + " s",
                Map.of("timeout_seconds", deadline.toSeconds()))), deadline.toMillis(), TimeUnit.MILLISECONDS);
        body.whenComplete((bytes, failure) -> timeout.cancel(false));
        try {
            ServletInputStream in = ctx.req().getInputStream();
            in.setReadListener(new Listener(in, body, limit, declared, permit));
        } catch (IOException | IllegalStateException e) {
            body.completeExceptionally(new SwarmException(ErrorCode.INVALID_FORMAT, "could not read the request body"));
        }
        return body;
    }

    private static final class Listener implements ReadListener {
        private final ServletInputStream in;
        private final CompletableFuture<byte[]> body;
        private final long limit;
        private final long declared;
        private final Ingress.Permit permit;
        private final JsonLimitsCheck limits;
        private byte[] bytes;
        private int size;

        Listener(ServletInputStream in, CompletableFuture<byte[]> body, long limit, long declared,
                 Ingress.Permit permit) {
            this.in = in;
            this.body = body;
            this.limit = limit;
            this.declared = declared;
            this.permit = permit;
            // a member's address is not checked as it arrives: its body is parsed once, after the read
            this.limits = permit.stranger() ? new JsonLimitsCheck() : null;
            this.bytes = new byte[declared >= 0 ? (int) Math.min(declared, INITIAL_BUFFER) : 1024];
        }

        @Override
        public void onDataAvailable() throws IOException {
            byte[] chunk = CHUNK.get();
            while (!body.isDone() && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                if (size + (long) n > limit) {
                    body.completeExceptionally(tooLarge(limit));
                    return;
                }
                try {
                    if (declared < 0) {
                        permit.reserve(n);
                    }
                    if (limits != null) {
                        limits.feed(chunk, 0, n);
                    }
                } catch (SwarmException refused) {
                    body.completeExceptionally(refused);
                    return;
                }
                append(chunk, n);
            }
        }

        /** Grows by doubling, never past the declared length, so a body of known length ends exact. */
        private void append(byte[] chunk, int n) {
            if (size + n > bytes.length) {
                long wanted = Math.max(size + (long) n, 2L * bytes.length);
                long cap = declared >= size + (long) n ? declared : limit;
                bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, cap));
            }
            System.arraycopy(chunk, 0, bytes, size, n);
            size += n;
        }

        @Override
        public void onAllDataRead() {
            body.complete(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(new SwarmException(ErrorCode.INVALID_FORMAT,
                    "could not read the request body: " + failure.getClass().getSimpleName()));
        }
    }

    private static SwarmException tooLarge(long limit) {
        return new SwarmException(ErrorCode.PAYLOAD_TOO_LARGE, "request body is larger than " + limit + " bytes");
    }
}
