package dev.swarm.node.doctor;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.InfoResponse;
import dev.swarm.node.protocol.ProbeAnswer;
import dev.swarm.node.protocol.ProbeRequest;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.server.ProbeHandler;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * This node's side of a member's reachability probe: the request must be signed by a current member
 * of an active swarm, within the clock skew, and name the endpoint this node has on record for it;
 * then this node calls that endpoint's {@code GET /info} (with its own trust and endpoint policy) and
 * says whether the member answered as itself. It never calls an address taken from the request: a
 * probe can only make this node call a member where it would deliver that member's messages anyway.
 * One probe per member per {@link #INTERVAL}.
 */
public final class ProbeResponder implements ProbeHandler {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String selfId;
    private final Database database;
    private final PeerClient client;
    private final Duration clockSkew;
    private final Clock clock;
    private final Map<String, Instant> lastProbe = new ConcurrentHashMap<>();

    public ProbeResponder(String selfId, Database database, PeerClient client, Duration clockSkew, Clock clock) {
        this.selfId = selfId;
        this.database = database;
        this.client = client;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ProbeAnswer> probe(byte[] body) {
        ProbeRequest request = ProbeRequest.parse(body);
        Member member = verify(request);
        Instant started = clock.instant();
        return client.get(member.endpoint(), "/info")
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> answer(request, member, response, unwrap(failure), started));
    }

    private Member verify(ProbeRequest request) {
        Swarm swarm = database.read(store -> store.swarms().find(request.swarmId())).filter(Swarm::isActive)
                .orElseThrow(() -> new SwarmException(ErrorCode.SWARM_NOT_FOUND, "this node is not in swarm "
                        + request.swarmId()));
        if (request.agentId().equals(selfId)) {
            throw SwarmException.invalidFormat("agent_id", "a node does not probe itself");
        }
        Member member = database.read(store -> store.members().find(swarm.swarmId(), request.agentId()))
                .orElseThrow(() -> new SwarmException(ErrorCode.NOT_MEMBER, request.agentId()
                        + " is not a member of swarm " + swarm.swarmId()));
        Instant now = clock.instant();
        Duration offset = Duration.between(now, Timestamps.parse(request.timestamp()));
        if (offset.abs().compareTo(clockSkew) > 0) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "timestamp " + request.timestamp() + " is "
                    + offset.abs().toSeconds() + " s " + (offset.isNegative() ? "old" : "in the future"),
                    Map.of("field", "timestamp", "reason", offset.isNegative() ? "stale" : "future",
                            "server_time", Timestamps.format(now)));
        }
        if (!request.signedBy(member.publicKey())) {
            throw new SwarmException(ErrorCode.INVALID_SIGNATURE, "the probe request is not signed with the key of "
                    + member.agentId() + " in swarm " + swarm.swarmId());
        }
        if (!request.endpoint().equals(member.endpoint())) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "this node has " + member.endpoint() + " on record for "
                    + member.agentId() + ", not " + request.endpoint(), Map.of("field", "endpoint", "reason",
                    "not_on_record", "on_record", member.endpoint()));
        }
        String key = swarm.swarmId() + " " + member.agentId();
        Instant previous = lastProbe.get(key);
        if (previous != null && Duration.between(previous, now).compareTo(INTERVAL) < 0) {
            long wait = Math.max(1, INTERVAL.minus(Duration.between(previous, now)).toSeconds());
            throw new SwarmException(ErrorCode.RATE_LIMITED, "one probe per " + INTERVAL.toSeconds() + " s; retry in "
                    + wait + " s", Map.of("retry_after", wait));
        }
        lastProbe.put(key, now);
        return member;
    }

    private ProbeAnswer answer(ProbeRequest request, Member member, PeerResponse response, Throwable failure,
                               Instant started) {
        Instant now = clock.instant();
        long elapsed = Math.max(0, Duration.between(started, now).toMillis());
        String at = Timestamps.format(now);
        if (response == null) {
            SwarmException error = failure instanceof SwarmException swarm ? swarm
                    : failure instanceof java.util.concurrent.TimeoutException
                    ? new SwarmException(ErrorCode.PEER_UNREACHABLE, member.endpoint() + " did not answer within "
                            + TIMEOUT.toSeconds() + " s")
                    : PeerClient.unreachable(member.endpoint(), failure);
            return new ProbeAnswer(selfId, request.nonce(), member.endpoint(), false, null, null, elapsed,
                    error.code().name(), error.getMessage(), at);
        }
        if (!response.isSuccess()) {
            SwarmException error = response.toException(member.endpoint());
            return new ProbeAnswer(selfId, request.nonce(), member.endpoint(), false, response.status(), null, elapsed,
                    error.code().name(), error.getMessage(), at);
        }
        String answeredAs;
        try {
            answeredAs = PeerClient.parse(response, InfoResponse.class, member.endpoint()).agentId();
        } catch (SwarmException e) {
            return new ProbeAnswer(selfId, request.nonce(), member.endpoint(), false, response.status(), null, elapsed,
                    e.code().name(), e.getMessage(), at);
        }
        boolean same = member.agentId().equals(answeredAs);
        return new ProbeAnswer(selfId, request.nonce(), member.endpoint(), same, response.status(), answeredAs, elapsed,
                same ? null : ErrorCode.PEER_PROTOCOL_ERROR.name(), same ? null : member.endpoint()
                + " answered as " + answeredAs + ", not as " + member.agentId(), at);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
