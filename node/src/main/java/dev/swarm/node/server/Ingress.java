package dev.swarm.node.server;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Admission of unauthenticated requests (bodies of {@code /message} and {@code /join}): a request is
 * let in only while the node, its source address and its connection are under their limits
 * ({@link IngressLimits}), and holds its share until it is verified or refused. Over a per-address or
 * per-connection limit the answer is 429 {@code RATE_LIMITED}; over the node's own, 503
 * {@code OVERLOADED}; both with {@code Retry-After}, and both before a byte of the body is read.
 * Refusals an address causes are counted in a token bucket (Bucket4j); an address that used its
 * bucket up is answered 429 until it refills. A request from a member's own address ({@code
 * members}) is held to its address's and connection's shares but not to the node's caps, which an
 * attacker with many addresses can fill. A stranger's address that used its bucket up is {@link
 * #shutOut}: its connections are closed too, and each new one costs a token. Nothing here ever blocks.
 */
final class Ingress {
    private static final int MAX_TRACKED_ADDRESSES = 100_000;

    private final IngressLimits limits;
    private final Predicate<String> members;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final Map<String, Share> addresses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final Map<String, Bucket> refusals = new ConcurrentHashMap<>();

    Ingress(IngressLimits limits, Predicate<String> members) {
        this.limits = limits;
        this.members = members;
    }

    /** What one address holds. */
    private static final class Share {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
    }

    /**
     * Lets a request in, or throws the refusal to answer with. {@code connection} is null when the
     * request came through a trusted proxy (its connection is shared by many clients).
     */
    Permit admit(String address, String connection) {
        Bucket bucket = refusals.get(address);
        if (bucket != null && bucket.getAvailableTokens() < 1) {
            long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
            throw limited(ErrorCode.RATE_LIMITED, "too many refused requests from " + address, seconds(nanos));
        }
        // counted and uncounted under the map's lock for the key, so a share is never dropped while in use
        Share share = addresses.compute(address, (a, existing) -> {
            Share counted = existing == null ? new Share() : existing;
            counted.requests.incrementAndGet();
            return counted;
        });
        Permit permit = new Permit(address, share);
        if (share.requests.get() > limits.maxRequestsPerAddress()) {
            permit.close();
            throw limited(ErrorCode.RATE_LIMITED, "too many requests at once from " + address, 1);
        }
        if (connection != null) {
            permit.connection = connection;
            if (connections.compute(connection, (c, n) -> n == null ? new AtomicInteger(1) : incremented(n)).get()
                    > limits.maxRequestsPerConnection()) {
                permit.close();
                throw limited(ErrorCode.RATE_LIMITED, "too many requests at once on one connection", 1);
            }
        }
        if (members.test(address)) {
            return permit;
        }
        permit.global = true;
        if (requests.incrementAndGet() > limits.maxRequests()) {
            permit.close();
            throw limited(ErrorCode.OVERLOADED, "this node is busy; retry shortly", 1);
        }
        return permit;
    }

    private static AtomicInteger incremented(AtomicInteger n) {
        n.incrementAndGet();
        return n;
    }

    /** Counts a refused request against its address. */
    void refused(String address) {
        if (refusals.size() > MAX_TRACKED_ADDRESSES) {
            // a flood of addresses: forget those that have refilled, which are all that matter least
            refusals.values().removeIf(b -> b.getAvailableTokens() >= capacity());
        }
        refusals.computeIfAbsent(address, a -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity())
                        .refillGreedy(limits.refusalsPerSecond(), Duration.ofSeconds(1)))
                .build()).tryConsume(1);
    }

    /**
     * Whether {@code address} is shut out: a stranger's address (not a member's) that has used up its
     * refusals. Its connection is closed after the refusal in hand, so that it stops sending bodies
     * that would not be read (and would have to be decrypted), and new ones are turned away before
     * their handshake ({@link #admitsConnection}) until the bucket refills.
     */
    boolean shutOut(String address) {
        Bucket bucket = refusals.get(address);
        return bucket != null && bucket.getAvailableTokens() < 1 && !members.test(address);
    }

    /**
     * Whether a new connection from {@code address} may go on to its TLS handshake. An address with
     * refusals to its name pays for each new connection with one of its refusal tokens (a handshake
     * costs the node more than a refused request), and one that has none left is turned away: an
     * attacker that reconnects as fast as it is sent away gets a handshake per token, not per try.
     * A member's address, and one never refused, always may.
     */
    boolean admitsConnection(String address) {
        Bucket bucket = refusals.get(address);
        return bucket == null || members.test(address) || bucket.tryConsume(1);
    }

    private long capacity() {
        return 10L * limits.refusalsPerSecond();
    }

    /** Requests let in and not yet released (for tests and the benchmark). */
    int inFlight() {
        return requests.get();
    }

    /** One admitted request's share: its count and the body bytes it holds; released once. */
    final class Permit implements AutoCloseable {
        private final String address;
        private final Share share;
        private String connection;
        private boolean global;
        private long held;
        private long globalHeld;
        private boolean closed;

        private Permit(String address, Share share) {
            this.address = address;
            this.share = share;
        }

        String address() {
            return address;
        }

        /** Whether the request comes from a stranger's address (held to the node's caps), not a member's. */
        boolean stranger() {
            return global;
        }

        /** Takes {@code n} more body bytes, or throws the refusal when that would go over a byte limit. */
        synchronized void reserve(long n) {
            long mine = share.bytes.addAndGet(n);
            held += n;
            if (mine > limits.maxBytesPerAddress()) {
                throw limited(ErrorCode.RATE_LIMITED, "too many request bytes at once from " + address, 1);
            }
            if (!global) {
                return; // a member's address: its own share bounds it
            }
            globalHeld += n;
            if (bytes.addAndGet(n) > limits.maxBytes()) {
                throw limited(ErrorCode.OVERLOADED, "this node is busy; retry shortly", 1);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            share.bytes.addAndGet(-held);
            bytes.addAndGet(-globalHeld);
            addresses.computeIfPresent(address, (a, s) -> s.requests.decrementAndGet() <= 0 ? null : s);
            if (connection != null) {
                connections.computeIfPresent(connection, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
            if (global) {
                requests.decrementAndGet();
            }
        }
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private static SwarmException limited(ErrorCode code, String message, long retryAfter) {
        return new SwarmException(code, message + "; retry in " + retryAfter + " s", Map.of("retry_after", retryAfter));
    }
}
