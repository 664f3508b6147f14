package dev.swarm.node.presence;

import dev.swarm.node.coordination.CoordinationConfig;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.InfoResponse;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.PresenceRow;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.wake.AgentActivity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces this node's presence to every swarm it is in, cheaply and at a bounded rate: once when the
 * daemon starts; after a change (of the agent's state, its roles or its claims, or a member that
 * speaks presence joined) once the change has
 * lasted {@code presence_debounce} (a shorter flap is never sent, so at most one announcement per
 * debounce period follows changes); and every {@code presence_heartbeat} otherwise. An announcement
 * is one signed notification, posted straight to each member whose node speaks presence, at most one
 * post in flight per member: presence is soft state that the next announcement replaces, so it does
 * not go through the outbox (which would keep and retry every stale one, and fill {@code swarm outbox}
 * and {@code swarm sent}). How each post went is recorded, for {@code swarm who}'s "reachable". The
 * daemon ticks it every second on its own thread; tests call {@link #tick()} with their own clock.
 */
public final class PresenceService implements AutoCloseable {
    static final Duration TICK = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(PresenceService.class);

    private final String selfId;
    private final Database database;
    private final Envelopes envelopes;
    private final Poster poster;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final CapabilityProbe probe;
    private final CoordinationConfig config;
    private final Clock clock;
    private final LocalPresence local;
    private final Function<String, List<String>> claimsOf;
    private final Map<String, Announced> announced = new HashMap<>();
    private final Map<String, Instant> changedAt = new HashMap<>();
    private final Map<String, List<String>> claims = new HashMap<>();
    private String claimsFingerprint;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread worker = new Thread(runnable, "presence");
        worker.setDaemon(true);
        return worker;
    });

    /** What was announced in a swarm, when, and to whom. */
    private record Announced(Presence presence, Instant at, Set<String> targets) {
    }

    /**
     * How this node reaches members: posts an envelope ({@code POST {endpoint}/message}) and asks a
     * node who it is ({@code GET {endpoint}/info}).
     */
    public interface Poster {
        CompletableFuture<PeerResponse> post(String endpoint, byte[] envelope);

        CompletableFuture<InfoResponse> info(String endpoint);
    }

    /** {@code claimsOf}: the issues this node's agent holds in a swarm (by swarm id), from the board. */
    public PresenceService(String selfId, Database database, Envelopes envelopes, Poster poster,
                           AgentActivity activity, CoordinationConfig config, Clock clock,
                           Function<String, List<String>> claimsOf) {
        this.selfId = selfId;
        this.database = database;
        this.envelopes = envelopes;
        this.poster = poster;
        this.probe = new CapabilityProbe(selfId, database, poster);
        this.config = config;
        this.clock = clock;
        this.local = new LocalPresence(activity, config.awayAfter());
        this.claimsOf = claimsOf;
    }

    public PresenceService start() {
        thread.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("presence: {}", e.toString());
            }
        }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One look: announces to each swarm whatever is due. */
    void tick() {
        Instant now = clock.instant();
        LocalPresence.Now state = local.at(now);
        List<Swarm> swarms = database.read(store -> store.swarms().all()).stream().filter(Swarm::isActive).toList();
        refreshClaims(swarms);
        for (Swarm swarm : swarms) {
            probe.look(swarm.swarmId());
            List<String> roles = database.read(store -> store.presence().localRoles(swarm.swarmId()));
            Presence presence = new Presence(selfId, state.state(), state.since(), state.activeAt(), state.client(),
                    roles, claims.getOrDefault(swarm.swarmId(), List.of()));
            List<Member> targets = database.read(store -> store.members().list(swarm.swarmId())).stream()
                    .filter(m -> !m.agentId().equals(selfId) && m.capabilities().contains(Presence.CAPABILITY)).toList();
            if (due(swarm.swarmId(), presence, targets, now)) {
                announce(swarm, presence, targets, now);
            }
        }
        announced.keySet().retainAll(swarms.stream().map(Swarm::swarmId).toList());
    }

    /**
     * Due: never announced, or the heartbeat has passed, or something changed (the state, roles, claims,
     * or a member that speaks presence joined) and the change has lasted the debounce.
     */
    private boolean due(String swarmId, Presence presence, List<Member> targets, Instant now) {
        Announced last = announced.get(swarmId);
        if (last == null || !last.at().plus(config.heartbeat()).isAfter(now)) {
            return true;
        }
        if (sameNews(last.presence(), presence) && last.targets().containsAll(names(targets))) {
            changedAt.remove(swarmId);
            return false;
        }
        Instant since = changedAt.computeIfAbsent(swarmId, id -> now);
        return !since.plus(config.debounce()).isAfter(now);
    }

    /** What a change is about: the state, the roles, the claims (not when the agent last acted). */
    private static boolean sameNews(Presence a, Presence b) {
        return a.state() == b.state() && a.roles().equals(b.roles()) && a.claims().equals(b.claims());
    }

    private static Set<String> names(List<Member> members) {
        Set<String> names = new HashSet<>();
        members.forEach(member -> names.add(member.agentId()));
        return names;
    }

    private void announce(Swarm swarm, Presence presence, List<Member> targets, Instant now) {
        String at = Timestamps.format(now);
        Envelope envelope = envelopes.build(new Envelopes.Draft(swarm.swarmId(), Identifiers.BROADCAST,
                MessageType.NOTIFICATION, presence.content(), null, null, null, null, null, null, presence.metadata()));
        database.write(store -> {
            store.presence().saveOwn(new PresenceRow(swarm.swarmId(), selfId, presence.state().wire(), presence.since(),
                    presence.activeAt(), presence.client(), presence.roles(), presence.claims(), envelope.messageId(),
                    envelope.timestamp(), at));
            return null;
        });
        byte[] body = EnvelopeCodec.toBytes(envelope);
        for (Member target : targets) {
            String lane = swarm.swarmId() + " " + target.agentId();
            if (inFlight.add(lane)) {
                post(target, body).whenComplete((response, failure) -> {
                    inFlight.remove(lane);
                    record(target, response, failure);
                });
            }
        }
        announced.put(swarm.swarmId(), new Announced(presence, now, names(targets)));
        changedAt.remove(swarm.swarmId());
    }

    private CompletableFuture<PeerResponse> post(Member target, byte[] body) {
        try {
            return poster.post(target.endpoint(), body);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Records how a post went: answered (with the refusal's code, if any) or not. */
    private void record(Member target, PeerResponse response, Throwable failure) {
        try {
            String code = failure != null ? (failure instanceof SwarmException e ? e.code().name() : "PEER_UNREACHABLE")
                    : response.isSuccess() ? null : response.toException(target.endpoint()).code().name();
            String at = Timestamps.format(clock.instant());
            database.write(store -> {
                store.presence().recordPost(target.swarmId(), target.agentId(), at, failure == null, code);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("presence: cannot record the post to {}: {}", target.agentId(), e.toString());
        }
    }

    /** The claims of this node's agent, computed again only when a message naming an issue came or went. */
    private void refreshClaims(List<Swarm> swarms) {
        String fingerprint = database.read(store -> store.presence().claimsFingerprint());
        if (fingerprint.equals(claimsFingerprint)) {
            return;
        }
        claims.clear();
        for (Swarm swarm : swarms) {
            claims.put(swarm.swarmId(), List.copyOf(claimsOf.apply(swarm.swarmId())));
        }
        claimsFingerprint = fingerprint;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            // a tick in progress finishes before the database it reads is closed
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
